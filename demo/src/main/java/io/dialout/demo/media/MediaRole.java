package io.dialout.demo.media;

/** What a call's media does. */
public enum MediaRole {
    /** Loops every stream back (audio and video). */
    ECHO,
    /** Sends a continuous sine. */
    TONE,
    /** Sends a short beep then silence, and reports received digits. */
    IVR
}
