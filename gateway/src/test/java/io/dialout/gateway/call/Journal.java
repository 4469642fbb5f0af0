package io.dialout.gateway.call;

import java.util.ArrayList;
import java.util.List;

/** What the fakes of one {@link CallTest} saw, in order, as lines like "sip CANCEL" or "client state held local". */
final class Journal {

    private final List<String> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines starting with {@code prefix}. */
    List<String> starting(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** Forgets what was seen so far (a test's set-up is not what it checks). */
    void clear() {
        lines.clear();
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
