package io.dialout.media.codec;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;

/**
 * Access to libjitsi's JNI Opus ({@code org.jitsi.impl.neomedia.codec.audio.opus.Opus}, whose {@code libjnopus}
 * ships inside the libjitsi jar, one copy per platform directory such as {@code linux-x86-64/}).
 * <p>
 * Why a class loader of our own: the Opus class loads its library through jitsi-utils' {@code JNIUtils}, and the
 * jitsi-utils on our class path (brought by ice4j) extracts the library with JNA and then loads it through a
 * reflective call into {@code java.lang.Runtime} that Java 17 refuses without {@code --add-opens}. Instead we extract
 * the library ourselves and define the Opus class (and the two small classes that load its library) in a child
 * loader whose {@link ClassLoader#findLibrary} returns the extracted file, so the plain {@code System.loadLibrary}
 * at the start of JNIUtils succeeds. No JVM flags, no LibJitsi start-up. Calls go through {@link MethodHandle}s held
 * in static finals, which the JIT inlines into direct native calls.
 */
final class LibjitsiOpusLoader {

    private static final System.Logger LOG = System.getLogger(LibjitsiOpusLoader.class.getName());
    private static final String OPUS_CLASS = "org.jitsi.impl.neomedia.codec.audio.opus.Opus";
    /** Classes defined in our loader: the one with the natives and the two on its library-loading path. */
    private static final Set<String> CHILD_FIRST =
            Set.of(OPUS_CLASS, "org.jitsi.util.OSUtils", "org.jitsi.utils.JNIUtils");

    static final MethodHandle ENCODER_CREATE;
    static final MethodHandle ENCODER_DESTROY;
    static final MethodHandle ENCODE;
    static final MethodHandle ENCODER_SET_BITRATE;
    static final MethodHandle ENCODER_SET_COMPLEXITY;
    static final MethodHandle ENCODER_SET_INBAND_FEC;
    static final MethodHandle ENCODER_SET_PACKET_LOSS_PERC;
    static final MethodHandle ENCODER_SET_FORCE_CHANNELS;
    static final MethodHandle ENCODER_SET_DTX;
    static final MethodHandle ENCODER_SET_VBR;
    static final MethodHandle ENCODER_SET_MAX_BANDWIDTH;
    static final MethodHandle DECODER_CREATE;
    static final MethodHandle DECODER_DESTROY;
    static final MethodHandle DECODE;
    static final MethodHandle DECODER_GET_NB_SAMPLES;
    /** Why the native codec is unavailable, or null when it loaded. */
    static final String FAILURE;

    static {
        MethodHandle[] h = new MethodHandle[15];
        String failure = null;
        try {
            Class<?> opus = loadOpusClass();
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodType setter = MethodType.methodType(int.class, long.class, int.class);
            h[0] = lookup.findStatic(opus, "encoder_create", MethodType.methodType(long.class, int.class, int.class));
            h[1] = lookup.findStatic(opus, "encoder_destroy", MethodType.methodType(void.class, long.class));
            h[2] = lookup.findStatic(
                    opus,
                    "encode",
                    MethodType.methodType(
                            int.class,
                            long.class,
                            byte[].class,
                            int.class,
                            int.class,
                            byte[].class,
                            int.class,
                            int.class));
            h[3] = lookup.findStatic(opus, "encoder_set_bitrate", setter);
            h[4] = lookup.findStatic(opus, "encoder_set_complexity", setter);
            h[5] = lookup.findStatic(opus, "encoder_set_inband_fec", setter);
            h[6] = lookup.findStatic(opus, "encoder_set_packet_loss_perc", setter);
            h[7] = lookup.findStatic(opus, "encoder_set_force_channels", setter);
            h[8] = lookup.findStatic(opus, "encoder_set_dtx", setter);
            h[9] = lookup.findStatic(opus, "encoder_set_vbr", setter);
            h[10] = lookup.findStatic(opus, "decoder_create", MethodType.methodType(long.class, int.class, int.class));
            h[11] = lookup.findStatic(opus, "decoder_destroy", MethodType.methodType(void.class, long.class));
            h[12] = lookup.findStatic(
                    opus,
                    "decode",
                    MethodType.methodType(
                            int.class,
                            long.class,
                            byte[].class,
                            int.class,
                            int.class,
                            byte[].class,
                            int.class,
                            int.class,
                            int.class));
            h[13] = lookup.findStatic(
                    opus,
                    "decoder_get_nb_samples",
                    MethodType.methodType(int.class, long.class, byte[].class, int.class, int.class));
            h[14] = lookup.findStatic(opus, "encoder_set_max_bandwidth", setter);
            // Touch the library once so a broken binary shows up here, not in the middle of a call.
            long probe = (long) h[0].invoke(48000, 1);
            if (probe == 0) {
                throw new IllegalStateException("opus_encoder_create returned NULL");
            }
            h[1].invoke(probe);
        } catch (Throwable e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            java.util.Arrays.fill(h, null);
        }
        ENCODER_CREATE = h[0];
        ENCODER_DESTROY = h[1];
        ENCODE = h[2];
        ENCODER_SET_BITRATE = h[3];
        ENCODER_SET_COMPLEXITY = h[4];
        ENCODER_SET_INBAND_FEC = h[5];
        ENCODER_SET_PACKET_LOSS_PERC = h[6];
        ENCODER_SET_FORCE_CHANNELS = h[7];
        ENCODER_SET_DTX = h[8];
        ENCODER_SET_VBR = h[9];
        DECODER_CREATE = h[10];
        DECODER_DESTROY = h[11];
        DECODE = h[12];
        DECODER_GET_NB_SAMPLES = h[13];
        ENCODER_SET_MAX_BANDWIDTH = h[14];
        FAILURE = failure;
        if (failure == null) {
            LOG.log(Level.INFO, "Opus: using libjitsi''s native libjnopus ({0})", platformDirectory());
        } else {
            LOG.log(
                    Level.WARNING,
                    "Opus: native libjnopus unavailable ({0}); the pure-Java Concentus codec will be used",
                    failure);
        }
    }

    private LibjitsiOpusLoader() {}

    static boolean available() {
        return FAILURE == null;
    }

    private static Class<?> loadOpusClass() throws IOException, ClassNotFoundException {
        ClassLoader parent = LibjitsiOpusLoader.class.getClassLoader();
        String resource = platformDirectory() + "/" + System.mapLibraryName("jnopus");
        Path library;
        try (InputStream in = parent.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the libjitsi jar for this platform");
            }
            Path dir = Files.createTempDirectory("dialout-jnopus");
            library = dir.resolve(System.mapLibraryName("jnopus"));
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            library.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
        }
        return Class.forName(OPUS_CLASS, true, new NativeOpusLoader(parent, library));
    }

    /** The directory libjitsi uses for this OS and CPU (its JNA-style resource prefix). */
    static String platformDirectory() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86-64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "x86";
            default -> arch;
        };
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin-" + cpu;
        }
        if (os.startsWith("windows")) {
            return "win32-" + cpu;
        }
        return "linux-" + cpu;
    }

    /** Defines the Opus JNI class and its loader helpers itself and points {@code jnopus} at the extracted file. */
    private static final class NativeOpusLoader extends ClassLoader {
        private final Path library;

        NativeOpusLoader(ClassLoader parent, Path library) {
            super("dialout-opus", parent);
            this.library = library;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!CHILD_FIRST.contains(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = defineFromParent(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private Class<?> defineFromParent(String name) throws ClassNotFoundException {
            String path = name.replace('.', '/') + ".class";
            try (InputStream in = getParent().getResourceAsStream(path)) {
                if (in == null) {
                    return super.loadClass(name, false);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        protected String findLibrary(String libname) {
            return "jnopus".equals(libname) ? library.toAbsolutePath().toString() : null;
        }
    }
}
