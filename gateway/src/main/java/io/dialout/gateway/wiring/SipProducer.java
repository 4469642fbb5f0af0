package io.dialout.gateway.wiring;

import io.dialout.gateway.config.DialPlanSettings;
import io.dialout.gateway.config.SipSettings;
import io.dialout.gateway.dialplan.DialPlan;
import io.dialout.gateway.dialplan.DialPlanFactory;
import io.dialout.gateway.metrics.RegistrationMetrics;
import io.dialout.gateway.metrics.SipIngressMetrics;
import io.dialout.gateway.sip.JainSipUserAgent;
import io.dialout.gateway.sip.RegistrationSpec;
import io.dialout.gateway.sip.ServerLocator;
import io.dialout.gateway.sip.SipTls;
import io.dialout.gateway.sip.SipUserAgent;
import io.dialout.gateway.sip.TargetSelection;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** The one SIP user agent of the gateway, from {@code gateway.sip.*}, registering the trunks that say so. */
@Singleton
public class SipProducer {

    private static final Logger LOG = Logger.getLogger(SipProducer.class);

    @Produces
    @Singleton
    SipUserAgent userAgent(SipSettings settings, DialPlanSettings dialPlan, DialPlan plan, MeterRegistry meters) {
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
        // RFC 3263 lookups and RFC 3261 section 8.1.3.4 redirects, each target checked by the dial plan
        TargetSelection targets = new TargetSelection(
                ServerLocator.using(settings.dnsServer().orElse(null), settings.dnsTimeout()),
                plan,
                settings.maxRedirects());
        JainSipUserAgent ua = new JainSipUserAgent(
                settings.toUserAgentConfig().withTls(tls),
                targets,
                settings.dialogStateDir().map(java.nio.file.Path::of).orElse(null),
                settings.ingress().toConfig(trunkSources(dialPlan)));
        SipIngressMetrics.bind(meters, ua.ingressCounters());
        LOG.infof("SIP user agent on %s:%d (UDP and TCP)", settings.bindAddress(), ua.port());
        RegistrationMetrics metrics = new RegistrationMetrics(meters);
        for (RegistrationSpec spec : DialPlanFactory.registrations(dialPlan)) {
            LOG.infof("registering %s", spec);
            ua.register(spec, metrics::update);
        }
        return ua;
    }

    /** Configured trunks, their outbound proxies and registrars: the peers that may send us requests outside our calls. */
    static List<String> trunkSources(DialPlanSettings dialPlan) {
        List<String> sources = new ArrayList<>();
        dialPlan.trunks().values().forEach(t -> {
            sources.add(t.host());
            t.outboundProxy().ifPresent(sources::add);
            t.registrar().ifPresent(sources::add);
        });
        return sources;
    }

    void close(@Disposes SipUserAgent ua) {
        ua.close();
    }
}
