package io.dialout.gateway.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/** JUL helpers: -Dsip.debug=true prints the SIP layer and the stack at FINEST (or =category,category); capture() records everything. */
final class TestLogging {

    static final String[] CATEGORIES = {"io.dialout.gateway.sip", "gov.nist.javax.sip"};
    private static boolean debugOn;

    private TestLogging() {}

    static synchronized void debugIfRequested() {
        String wanted = System.getProperty("sip.debug");
        if (wanted == null || wanted.equals("false") || debugOn) {
            return;
        }
        debugOn = true;
        for (String name : wanted.equals("true") ? CATEGORIES : wanted.split(",")) {
            Logger lg = Logger.getLogger(name);
            lg.setLevel(Level.FINEST);
            Handler h = new StreamHandler(System.out, new SimpleFormatter()) {
                @Override
                public synchronized void publish(LogRecord r) {
                    super.publish(r);
                    flush();
                }
            };
            h.setLevel(Level.FINEST);
            lg.addHandler(h);
        }
    }

    /** Records every log record of the SIP categories at FINEST until closed. */
    static final class Capture extends Handler implements AutoCloseable {
        private final List<String> lines = new ArrayList<>();
        private final List<Level> previous = new ArrayList<>();
        private final List<Boolean> parents = new ArrayList<>();
        private final SimpleFormatter formatter = new SimpleFormatter();

        Capture() {
            setLevel(Level.ALL);
            for (String name : CATEGORIES) {
                Logger lg = Logger.getLogger(name);
                previous.add(lg.getLevel());
                parents.add(lg.getUseParentHandlers());
                lg.setLevel(Level.FINEST);
                lg.setUseParentHandlers(false); // keep the console quiet: the records are only for the test
                lg.addHandler(this);
            }
        }

        @Override
        public synchronized void publish(LogRecord r) {
            lines.add(formatter.format(r));
        }

        synchronized String text() {
            return String.join("", lines);
        }

        synchronized int count() {
            return lines.size();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            for (int i = 0; i < CATEGORIES.length; i++) {
                Logger lg = Logger.getLogger(CATEGORIES[i]);
                lg.removeHandler(this);
                lg.setLevel(previous.get(i));
                lg.setUseParentHandlers(parents.get(i));
            }
        }
    }
}
