package io.dialout.loadgen;

/** The load generator's command line: {@code loadgen --to sip:echo@127.0.0.1:5070 --calls 100 --rate 20 ...}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        LoadConfig config;
        try {
            config = LoadConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = LoadRun.execute(config);
        System.out.print(report.table());
        report.writeJson();
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }
}
