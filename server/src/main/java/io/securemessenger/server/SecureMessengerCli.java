package io.securemessenger.server;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./secure-messenger}: the operator's command line. */
@Command(name = "secure-messenger", mixinStandardHelpOptions = true, version = "Secure Messenger 0.1.0 on Apache James 3.8.1",
    description = "HIPAA secure-email gateway for Apache James.",
    subcommands = {RunCommand.class, DlpScanCommand.class, KeysCommand.class, AuditCommand.class, CommandLine.HelpCommand.class})
public final class SecureMessengerCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // James would end the JVM on a start-up failure before `run` can say why in one line.
        System.setProperty("james.exit.on.startup.error", System.getProperty("james.exit.on.startup.error", "false"));
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SecureMessengerCli());
        commandLine.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("secure-messenger: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'secure-messenger " + ex.getCommandLine().getCommandName() + " --help'.");
            return 2;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
