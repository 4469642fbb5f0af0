/** Media plane of the dial-out gateway: a plain library, no Quarkus. */
package io.dialout.media;
