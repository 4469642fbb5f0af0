package io.dialout.gateway.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line, with the MDC (callId, sipCallId, connection) as top-level fields, for log
 * collectors. Quarkus's own JSON logging extension cannot be used here (its deployment artifact is missing from the
 * reachable Maven Central at 3.34.2), and this is all it would do for us.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder b = new StringBuilder(256);
        b.append('{');
        field(b, "timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(record.getMillis())));
        field(b, "level", level(record));
        field(b, "logger", record.getLoggerName());
        if (record instanceof ExtLogRecord ext) {
            field(b, "thread", ext.getThreadName());
            Map<String, String> mdc = new TreeMap<>(ext.getMdcCopy());
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                field(b, e.getKey(), e.getValue());
            }
        }
        field(b, "message", formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter w = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(w));
            field(b, "exception", w.toString());
        }
        b.setLength(b.length() - 1); // the last comma
        return b.append("}\n").toString();
    }

    private static String level(LogRecord r) {
        return switch (r.getLevel().getName()) {
            case "SEVERE" -> "ERROR";
            case "WARNING" -> "WARN";
            case "FINE", "FINER" -> "DEBUG";
            case "FINEST" -> "TRACE";
            case "CONFIG" -> "INFO";
            default -> r.getLevel().getName();
        };
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null) {
            return;
        }
        b.append('"');
        escape(b, name);
        b.append("\":\"");
        escape(b, value);
        b.append("\",");
    }

    /** JSON string escaping (RFC 8259 section 7). */
    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
