package io.dialout.gateway.wiring;

import io.dialout.gateway.config.DialPlanSettings;
import io.dialout.gateway.config.SipSettings;
import io.dialout.gateway.dialplan.DialPlanFactory;
import io.dialout.gateway.metrics.RegistrationMetrics;
import io.dialout.gateway.sip.JainSipUserAgent;
import io.dialout.gateway.sip.RegistrationSpec;
import io.dialout.gateway.sip.SipTls;
import io.dialout.gateway.sip.SipUserAgent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The one SIP user agent of the gateway, from {@code gateway.sip.*}, registering the trunks that say so. */
@Singleton
public class SipProducer {

    private static final Logger LOG = Logger.getLogger(SipProducer.class);

    @Produces
    @Singleton
    SipUserAgent userAgent(SipSettings settings, DialPlanSettings dialPlan, MeterRegistry meters) {
        SipTls.Config tls = settings.tls().toConfig();
        for (var t : dialPlan.trunks().entrySet()) {
            if (t.getValue().tls().isPresent()) {
                DialPlanSettings.TrunkTlsSettings s = t.getValue().tls().get();
                tls = tls.withTrunk(
                        t.getKey(),
                        SipSettings.credentials(
                                s.trustStore(), s.trustStorePassword(), s.keyStore(), s.keyStorePassword()));
            }
        }
        SipUserAgent ua = new JainSipUserAgent(
                settings.toUserAgentConfig().withTls(tls),
                settings.dialogStateDir().map(java.nio.file.Path::of).orElse(null));
        LOG.infof("SIP user agent on %s:%d (UDP and TCP)", settings.bindAddress(), ua.port());
        RegistrationMetrics metrics = new RegistrationMetrics(meters);
        for (RegistrationSpec spec : DialPlanFactory.registrations(dialPlan)) {
            LOG.infof("registering %s", spec);
            ua.register(spec, metrics::update);
        }
        return ua;
    }

    void close(@Disposes SipUserAgent ua) {
        ua.close();
    }
}
