/** The Quarkus service: WebSocket API, SIP user agent, call state machine, dial plan, auth. */
package io.dialout.gateway;
