package io.dialout.demo.sdp;

/** What a demo user accepts from an offer. */
public enum AnswerPolicy {
    /** Any audio codec (it is echoed, never decoded) with telephone-event if offered, and video. */
    ECHO(false, true, true),
    /** PCMU, PCMA or G.722 only, nothing else: the endpoint encodes a tone itself. */
    TONE(true, false, false),
    /** PCMU, PCMA or G.722, and telephone-event when offered (digits come in and go back). */
    IVR(true, true, false);

    final boolean g711OrG722Only;
    final boolean telephoneEvent;
    final boolean video;

    AnswerPolicy(boolean g711OrG722Only, boolean telephoneEvent, boolean video) {
        this.g711OrG722Only = g711OrG722Only;
        this.telephoneEvent = telephoneEvent;
        this.video = video;
    }
}
