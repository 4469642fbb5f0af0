package io.dialout.gateway.wiring;

import io.dialout.gateway.config.MediaSettings;
import io.dialout.media.MediaEngine;
import io.dialout.media.MediaException;
import io.dialout.media.engine.DefaultMediaEngine;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The media plane of the gateway, from {@code gateway.media.*}. */
@Singleton
public class MediaProducer {

    private static final Logger LOG = Logger.getLogger(MediaProducer.class);

    @Produces
    @Singleton
    MediaEngine engine(MediaSettings settings) {
        try {
            MediaEngine engine = new DefaultMediaEngine(settings.toMediaConfig());
            LOG.infof(
                    "media: room port %s:%d/udp, SIP RTP %s:%d-%d",
                    settings.roomBindAddress(),
                    engine.roomPort(),
                    settings.sipBindAddress(),
                    settings.sipRtpPortMin(),
                    settings.sipRtpPortMax());
            return engine;
        } catch (MediaException e) {
            throw new IllegalStateException("cannot start the media engine: " + e.getMessage(), e);
        }
    }

    void close(@Disposes MediaEngine engine) {
        engine.close();
    }
}
