package io.dialout.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway.dialplan.*}: trunks, number rules, host rules and the allow/deny policy, turned into a
 * {@link io.dialout.gateway.dialplan.DialPlan} by {@link io.dialout.gateway.dialplan.DialPlanFactory}. Example:
 * <pre>
 * gateway.dialplan.trunks.carrier.host=sip.carrier.example.net
 * gateway.dialplan.trunks.carrier.transport=tcp
 * gateway.dialplan.rules[0].prefix=+1
 * gateway.dialplan.rules[0].trunk=carrier
 * gateway.dialplan.deny=\+1900.*
 * </pre>
 */
@ConfigMapping(prefix = "gateway.dialplan")
public interface DialPlanSettings {

    /** Trunks by name. */
    Map<String, TrunkSettings> trunks();

    /** Rules for tel: URIs and numbers, tried in order; the first match routes. */
    Optional<List<RuleSettings>> rules();

    /** Rules for sip:/sips: URIs by host; a URI matching none is dialled directly. */
    Optional<List<HostRuleSettings>> hosts();

    /** Regexes (whole E.164 number, or sip URI without parameters); when any is set, only matches may be dialled. */
    Optional<List<String>> allow();

    /** Regexes that are never dialled (deny wins over allow). */
    Optional<List<String>> deny();

    /**
     * Dial SIP URIs whose host no host rule names, straight to that host. Off by default: in production only
     * configured trunks are dialled; the dev and test profiles turn it on.
     */
    @WithDefault("false")
    boolean directUris();

    /**
     * Special-purpose address ranges (loopback, private, link-local...) a client-chosen host may resolve to, e.g.
     * {@code 10.20.0.0/16} for a PBX network, {@code 127.0.0.0/8} in tests. Unset: public addresses only.
     */
    Optional<List<String>> allowNetworks();

    /** Address ranges never dialled (CIDR). */
    Optional<List<String>> denyNetworks();

    /** Longest wait for DNS when judging a client-chosen host; a slower answer refuses the dial. */
    @WithDefault("2s")
    Duration resolveTimeout();

    /** Deny the built-in premium-rate prefixes ({@link io.dialout.gateway.dialplan.AccessPolicy#PREMIUM_RATE_PREFIXES}). */
    @WithDefault("true")
    boolean denyPremiumRate();

    /** Country code added to national numbers ("1", "44"); unset: numbers must be E.164. */
    Optional<String> defaultCountryCode();

    /** How "+" is dialled nationally ("00", "011"). */
    Optional<String> internationalPrefix();

    /** National trunk prefix dropped before the country code is added ("0"). */
    Optional<String> nationalPrefix();

    interface TrunkSettings {
        /** host[:port] put in the Request-URI of numbers routed here. */
        String host();

        @WithDefault("udp")
        String transport();

        Optional<String> outboundProxy();

        Optional<String> username();

        Optional<String> password();

        Optional<String> realm();

        /** The trunk takes only G.711: answer the room with PCMU/PCMA when it offers them. */
        @WithDefault("false")
        boolean g711Only();

        /** Offer SDES-SRTP (RTP/SAVP) toward this trunk. */
        @WithDefault("false")
        boolean srtp();

        /** Offer video toward this trunk. */
        @WithDefault("true")
        boolean video();

        /** Keep a registration at the trunk's registrar (trunks that authenticate by registration). */
        @WithDefault("false")
        boolean register();

        /** host[:port] the REGISTER goes to; default: {@link #host()}. */
        Optional<String> registrar();

        /** User part of the registered address-of-record and of our Contact; default: {@link #username()}. */
        Optional<String> registerUser();

        /** Domain of the address-of-record; default: the registrar's host. */
        Optional<String> registerDomain();

        /** Binding lifetime asked for; the registrar may grant less or ask more (423). */
        @WithDefault("600s")
        Duration registerExpires();

        /** First retry delay after a failed REGISTER, doubled per failure up to {@link #registerRetryMax()}. */
        @WithDefault("5s")
        Duration registerRetryMin();

        @WithDefault("300s")
        Duration registerRetryMax();

        /** From user when the dial gives none (else {@code gateway.sip.from-user}). */
        Optional<String> fromUser();

        /** From host on this trunk (else the advertised address). */
        Optional<String> fromHost();

        /** The identity asserted when the dial gives none: a sip:, sips: or tel: URI. */
        Optional<String> assertedIdentity();

        /** Where the asserted identity goes: pai (P-Asserted-Identity), ppi (P-Preferred-Identity) or none. */
        @WithDefault("none")
        String identityHeader();

        /** Privacy header (RFC 3323) when the dial gives none: id, header, user, none... separated by ';'. */
        Optional<String> privacy();

        /** Regexes over caller numbers/users a room may assert, divert from or put in From on this trunk. */
        Optional<List<String>> allowedCallers();

        /** Regexes over other From hosts a room may ask for on this trunk. */
        Optional<List<String>> allowedFromHosts();

        /** With {@code transport=tls}: this trunk's own trust and client certificate (else the gateway's). */
        Optional<TrunkTlsSettings> tls();
    }

    /** {@code gateway.dialplan.trunks.<name>.tls.*}: unset keys fall back to {@code gateway.sip.tls.*}. */
    interface TrunkTlsSettings {
        /** CA certificates trusted for this trunk's server: a PEM file or a PKCS12 store. */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();

        /** A PKCS12 store with the client certificate and key presented to this trunk. */
        Optional<String> keyStore();

        Optional<String> keyStorePassword();
    }

    interface RuleSettings {
        /** A label for logs; default "rule-<index>". */
        Optional<String> name();

        /** Numbers starting with this ("+" for all, "+1", "+4420"). Exactly one of prefix and match. */
        Optional<String> prefix();

        /** A regex over the whole E.164 number. */
        Optional<String> match();

        /** The trunk name. */
        String trunk();

        /** Leading digits (after "+") to drop. */
        @WithDefault("0")
        int strip();

        /** What goes before the remaining digits ("+" keeps E.164, "" sends bare digits). */
        @WithDefault("+")
        String prepend();

        /** Add ;user=phone to the Request-URI. */
        @WithDefault("false")
        boolean userPhone();
    }

    interface HostRuleSettings {
        /** "trunk.example.com" or "*.example.com". */
        String host();

        String trunk();
    }
}
