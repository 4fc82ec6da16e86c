package nl.spreekuur.loadtest.cli;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.loadtest.scenario.ChatScenario;
import nl.spreekuur.loadtest.scenario.ConnectionsScenario;
import nl.spreekuur.loadtest.scenario.MixedScenario;
import nl.spreekuur.loadtest.scenario.OfficeHoursScenario;
import nl.spreekuur.loadtest.scenario.ReconnectStormScenario;
import nl.spreekuur.loadtest.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The scenario subcommands and their options. */
final class Scenarios {
    private Scenarios() {
    }

    @Command(name = "connections", mixinStandardHelpOptions = true,
            description = "Ramp to N authenticated idle connections, hold them, report server memory per connection.")
    static final class Connections extends ScenarioCommand {
        @Option(names = "--connections", defaultValue = "1000", description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections;
        @Option(names = "--rate", defaultValue = "500", description = "New connections per second (default: ${DEFAULT-VALUE}).")
        double rate;
        @Option(names = "--hold", defaultValue = "10", description = "Seconds to hold them (default: ${DEFAULT-VALUE}).")
        long hold;

        @Override
        protected Scenario scenario() {
            return new ConnectionsScenario(connections, rate, hold);
        }
    }

    @Command(name = "chat", mixinStandardHelpOptions = true,
            description = "N concurrent 1:1 office-hour chats; both sides send at an offered total rate (or a ladder).")
    static final class Chat extends ScenarioCommand {
        @Option(names = "--chats", defaultValue = "100", description = "Concurrent chats (default: ${DEFAULT-VALUE}).")
        int chats;
        @Option(names = "--rate", defaultValue = "200", description = "Messages per second offered in total (default: ${DEFAULT-VALUE}).")
        long rate;
        @Option(names = "--duration", defaultValue = "20", description = "Seconds of sending (default: ${DEFAULT-VALUE}).")
        long duration;
        @Option(names = "--ladder", split = ",", description = "Rates to step through instead of --rate, e.g. 100,200,400,800.")
        List<Long> ladder = new ArrayList<>();
        @Option(names = "--step", defaultValue = "10", description = "Seconds per ladder step (default: ${DEFAULT-VALUE}).")
        long step;
        @Option(names = "--chats-per-professional", defaultValue = "10",
                description = "Chats each professional holds, 1-10 (default: ${DEFAULT-VALUE}).")
        int perProfessional;

        @Override
        protected Scenario scenario() {
            long[][] steps = ladder.isEmpty() ? new long[][] {{rate, duration}}
                    : ladder.stream().map(r -> new long[] {r, step}).toArray(long[][]::new);
            return new ChatScenario(chats, perProfessional, steps);
        }
    }

    /** The options of an office-hours day, shared by {@code officehours} and {@code mixed}. */
    static final class DayOptions {
        @Option(names = "--professionals", defaultValue = "5", description = "Professionals on duty (default: ${DEFAULT-VALUE}).")
        int professionals;
        @Option(names = "--max-chats", defaultValue = "3", description = "Chats per professional (default: ${DEFAULT-VALUE}).")
        int maxChats;
        @Option(names = "--arrivals", defaultValue = "2", description = "Clients arriving per second (default: ${DEFAULT-VALUE}).")
        double arrivals;
        @Option(names = "--messages", defaultValue = "10", description = "Messages per side per chat (default: ${DEFAULT-VALUE}).")
        int messages;
        @Option(names = "--pace", defaultValue = "500", description = "Milliseconds between messages in a chat (default: ${DEFAULT-VALUE}).")
        long pace;
        @Option(names = "--duration", defaultValue = "30", description = "Seconds clients keep arriving (default: ${DEFAULT-VALUE}).")
        long duration;

        OfficeHoursScenario build() {
            return new OfficeHoursScenario(professionals, maxChats, arrivals, messages, pace, duration);
        }
    }

    @Command(name = "officehours", mixinStandardHelpOptions = true,
            description = "P professionals on duty, clients arriving at a rate: queue, claim, chat, end.")
    static final class OfficeHours extends ScenarioCommand {
        @Mixin
        DayOptions day = new DayOptions();

        @Override
        protected Scenario scenario() {
            return day.build();
        }
    }

    @Command(name = "reconnect-storm", mixinStandardHelpOptions = true,
            description = "N clients in chats drop at once and resume with seq/epoch: time until all resumed, 0 lost.")
    static final class ReconnectStorm extends ScenarioCommand {
        @Option(names = "--chats", defaultValue = "100", description = "Chats (default: ${DEFAULT-VALUE}).")
        int chats;
        @Option(names = "--rate", defaultValue = "100", description = "Messages per second in total (default: ${DEFAULT-VALUE}).")
        long rate;
        @Option(names = "--before", defaultValue = "5", description = "Seconds of chatting before the drop (default: ${DEFAULT-VALUE}).")
        long before;
        @Option(names = "--after", defaultValue = "5", description = "Seconds of chatting after all resumed (default: ${DEFAULT-VALUE}).")
        long after;
        @Option(names = "--chats-per-professional", defaultValue = "10", description = "Chats per professional (default: ${DEFAULT-VALUE}).")
        int perProfessional;

        @Override
        protected Scenario scenario() {
            return new ReconnectStormScenario(chats, perProfessional, rate, before, after);
        }
    }

    @Command(name = "mixed", mixinStandardHelpOptions = true,
            description = "An office-hours day plus a crowd of idle connected clients at the same time.")
    static final class Mixed extends ScenarioCommand {
        @Option(names = "--idle", defaultValue = "1000", description = "Idle connections (default: ${DEFAULT-VALUE}).")
        int idle;
        @Option(names = "--idle-rate", defaultValue = "200", description = "Idle connections opened per second (default: ${DEFAULT-VALUE}).")
        double idleRate;
        @Mixin
        DayOptions day = new DayOptions();

        @Override
        protected Scenario scenario() {
            long hold = Math.max(1, day.duration - (long) Math.ceil(idle / Math.max(1, idleRate)));
            return new MixedScenario(new ConnectionsScenario(idle, idleRate, hold), day.build());
        }
    }
}
