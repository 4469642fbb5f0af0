package io.dialout.gateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Quarkus test profile that only overrides configuration: a test declares
 * {@code public static class Mine extends ConfigProfile { public Mine() { super("key", "value"); } }} and names it in
 * {@code @TestProfile}. Quarkus builds the profile with its no-argument constructor and restarts the application for
 * each distinct profile class, so tests that need the same settings share one profile class.
 */
public abstract class ConfigProfile implements QuarkusTestProfile {

    private final Map<String, String> overrides = new LinkedHashMap<>();

    /** Key, value, key, value, ... */
    protected ConfigProfile(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            overrides.put(keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides;
    }
}
