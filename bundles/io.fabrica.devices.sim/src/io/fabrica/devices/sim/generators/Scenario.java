package io.fabrica.devices.sim.generators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault scenario: when which fault appears, how fast it degrades and when it is cleared. It
 * drives a {@link MachineState} during a simulation ({@link #applyUntil(MachineState, double)})
 * and answers the ground-truth label for any moment ({@link #labelAt(double)}), so that
 * recordings can be labelled exactly.
 *
 * <h2>Text format</h2>
 * One event per line, tokens separated by blanks, {@code #} starts a comment, blank lines are
 * ignored:
 * <pre>
 * &lt;time&gt; &lt;fault&gt; [&lt;ramp&gt; [&lt;start-severity&gt;]]
 * &lt;time&gt; clear
 * </pre>
 * <ul>
 * <li><b>time</b>: offset from the simulation start. Seconds as a plain number ({@code 90},
 * {@code 2.5}), a number with unit {@code ms s m h} or several of them ({@code 30s},
 * {@code 1.5m}, {@code 1h20m}), or an ISO-8601 duration ({@code PT1M30S}). Times must
 * increase from line to line.</li>
 * <li><b>fault</b>: a {@link Fault#label() fault label} ({@code bearing-outer-race},
 * {@code imbalance}, ...; the constant name is accepted too). {@code clear}, {@code normal} or
 * {@code none} returns the machine to health.</li>
 * <li><b>ramp</b>: time (same syntax) in which the severity grows to 1; default 0, a constant
 * severity.</li>
 * <li><b>start-severity</b>: 0..1; default {@value FaultEpisode#DEFAULT_START_SEVERITY}
 * with a ramp, 1 without one.</li>
 * </ul>
 * Before the first event the machine is healthy. Example:
 * <pre>
 * # spindle degradation run
 * 0        normal
 * 30s      imbalance            0      0.6   # constant 60 % imbalance
 * 2m       clear
 * 3m       bearing-outer-race   10m          # 0.1 -&gt; 1 over ten minutes
 * PT15M    clear                             # bearing replaced
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Scenario {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern UNITS = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    private static final Pattern UNIT_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private final List<FaultEpisode> episodes;

    private Scenario(List<FaultEpisode> episodes) {
        this.episodes = List.copyOf(episodes);
    }

    /**
     * Parses scenario text.
     *
     * @param text the scenario, not {@code null}
     * @return the scenario (possibly without events: always healthy)
     * @throws ScenarioFormatException naming the line number and bad token
     */
    public static Scenario parse(String text) {
        return parse(null, text);
    }

    /**
     * Reads a UTF-8 scenario file.
     *
     * @param file the file, not {@code null}
     * @return the scenario
     * @throws IOException if the file cannot be read
     * @throws ScenarioFormatException naming the file, line number and bad token
     */
    public static Scenario read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Scenario parse(String source, String text) {
        List<FaultEpisode> episodes = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String content = stripComment(lines[i]);
            if (!content.isEmpty()) {
                FaultEpisode episode = new LineParser(source, i + 1, content).parse();
                requireLater(source, i + 1, content, episodes, episode);
                episodes.add(episode);
            }
        }
        return new Scenario(episodes);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    private static void requireLater(String source, int line, String content, List<FaultEpisode> before,
            FaultEpisode episode) {
        if (!before.isEmpty() && episode.startSeconds() <= before.get(before.size() - 1).startSeconds()) {
            String time = content.split("\\s+")[0];
            throw new ScenarioFormatException(source, line, time, "time not after the previous event's");
        }
    }

    /**
     * Parses a duration token of the scenario format (see the class comment).
     *
     * @param token e.g. {@code 90}, {@code 30s}, {@code 1h20m}, {@code PT1M30S}
     * @return seconds, {@code >= 0}
     * @throws IllegalArgumentException if the token is not a duration
     */
    static double parseSeconds(String token) {
        double seconds = unchecked(token);
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException(token);
        }
        return seconds;
    }

    private static double unchecked(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (NUMBER.matcher(lower).matches()) {
            return Double.parseDouble(lower);
        }
        if (UNITS.matcher(lower).matches()) {
            return sumUnits(lower);
        }
        if (lower.startsWith("p")) {
            return isoSeconds(token);
        }
        throw new IllegalArgumentException(token);
    }

    private static double sumUnits(String token) {
        double seconds = 0;
        Matcher part = UNIT_PART.matcher(token);
        while (part.find()) {
            double value = Double.parseDouble(part.group(1));
            seconds += value * switch (part.group(2)) {
                case "ms" -> 0.001;
                case "s" -> 1;
                case "m" -> 60;
                default -> 3600;
            };
        }
        return seconds;
    }

    private static double isoSeconds(String token) {
        try {
            Duration duration = Duration.parse(token);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(token);
            }
            return duration.getSeconds() + duration.getNano() / 1e9;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(token, e);
        }
    }

    /** @return the events in time order; each is the episode that starts at its line's time */
    public List<FaultEpisode> episodes() {
        return episodes;
    }

    /** @return the time of the last event, seconds (0 without events) */
    public double lastEventSeconds() {
        return episodes.isEmpty() ? 0 : episodes.get(episodes.size() - 1).startSeconds();
    }

    /**
     * The episode active at a moment: the last one starting at or before it.
     *
     * @param timeSeconds simulated time, seconds
     * @return the episode, {@link FaultEpisode#HEALTHY} before the first event
     */
    public FaultEpisode episodeAt(double timeSeconds) {
        FaultEpisode active = FaultEpisode.HEALTHY;
        for (FaultEpisode episode : episodes) {
            if (episode.startSeconds() > timeSeconds) {
                break;
            }
            active = episode;
        }
        return active;
    }

    /**
     * The fault active at a moment.
     *
     * @param timeSeconds simulated time, seconds
     * @return the fault active then
     */
    public Fault faultAt(double timeSeconds) {
        return episodeAt(timeSeconds).fault();
    }

    /**
     * The ground truth for a dataset row.
     *
     * @param timeSeconds simulated time, seconds
     * @return the label of the fault active then, e.g. {@code "normal"}
     */
    public String labelAt(double timeSeconds) {
        return faultAt(timeSeconds).label();
    }

    /**
     * The severity of the fault active at a moment, along its ramp.
     *
     * @param timeSeconds simulated time, seconds
     * @return the severity then, 0..1 (0 when healthy)
     */
    public double severityAt(double timeSeconds) {
        return episodeAt(timeSeconds).severityAt(timeSeconds);
    }

    /**
     * Drives a machine: moves its clock to {@code elapsedSeconds} and installs the episode active
     * then (unless it is installed already). Events skipped between two calls do not matter: the
     * state ends up exactly as if every event had been applied on time, because episodes keep
     * their own start time. While a scenario drives a machine it owns the fault: a fault injected
     * by hand is replaced at the next call.
     *
     * @param state the machine, not {@code null}
     * @param elapsedSeconds simulated seconds since the start, not before the state's clock
     * @throws IllegalArgumentException if {@code elapsedSeconds} is before the state's clock or
     *         not finite
     */
    public void applyUntil(MachineState state, double elapsedSeconds) {
        Objects.requireNonNull(state, "state");
        state.advanceTo(elapsedSeconds);
        FaultEpisode active = episodeAt(elapsedSeconds);
        if (!active.equals(state.faultEpisode())) {
            state.setFaultEpisode(active);
        }
    }

    /** Parses one non-empty, comment-free line. */
    private record LineParser(String source, int line, String content) {

        FaultEpisode parse() {
            String[] tokens = content.split("\\s+");
            double start = seconds(tokens[0], "bad time");
            if (tokens.length < 2) {
                throw error(content, "missing fault after the time");
            }
            String event = tokens[1].toLowerCase(Locale.ROOT);
            if (event.equals("clear") || event.equals("normal") || event.equals("none")) {
                requireNoMore(tokens, 2);
                return FaultEpisode.healthy(start);
            }
            return faultEpisode(tokens, start);
        }

        private FaultEpisode faultEpisode(String[] tokens, double start) {
            Fault fault = fault(tokens[1]);
            requireNoMore(tokens, 4);
            double ramp = tokens.length > 2 ? seconds(tokens[2], "bad ramp") : 0;
            double defaultSeverity = ramp > 0 ? FaultEpisode.DEFAULT_START_SEVERITY : 1;
            double severity = tokens.length > 3 ? severity(tokens[3]) : defaultSeverity;
            return new FaultEpisode(fault, start, severity, ramp);
        }

        private Fault fault(String token) {
            try {
                return Fault.fromLabel(token);
            } catch (IllegalArgumentException e) {
                throw error(token, "unknown fault (expected clear or one of " + Fault.labels() + ")");
            }
        }

        private double seconds(String token, String problem) {
            try {
                return parseSeconds(token);
            } catch (IllegalArgumentException e) {
                throw error(token, problem + " (expected e.g. 90, 30s, 2m, 1h20m or PT1M30S)");
            }
        }

        private double severity(String token) {
            double value;
            try {
                value = Double.parseDouble(token);
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value >= 0 && value <= 1)) {
                throw error(token, "bad start severity (expected 0..1)");
            }
            return value;
        }

        private void requireNoMore(String[] tokens, int allowed) {
            if (tokens.length > allowed) {
                throw error(tokens[allowed], "unexpected token");
            }
        }

        private ScenarioFormatException error(String token, String problem) {
            return new ScenarioFormatException(source, line, token, problem);
        }
    }
}
