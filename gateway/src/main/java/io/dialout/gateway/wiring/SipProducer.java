package io.dialout.gateway.wiring;

import io.dialout.gateway.config.SipSettings;
import io.dialout.gateway.sip.JainSipUserAgent;
import io.dialout.gateway.sip.SipUserAgent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The one SIP user agent of the gateway, from {@code gateway.sip.*}. */
@Singleton
public class SipProducer {

    private static final Logger LOG = Logger.getLogger(SipProducer.class);

    @Produces
    @Singleton
    SipUserAgent userAgent(SipSettings settings) {
        SipUserAgent ua = new JainSipUserAgent(settings.toUserAgentConfig());
        LOG.infof("SIP user agent on %s:%d (UDP and TCP)", settings.bindAddress(), ua.port());
        return ua;
    }

    void close(@Disposes SipUserAgent ua) {
        ua.close();
    }
}
