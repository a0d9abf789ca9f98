package io.securemessenger.server;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./secure-messenger keys rotate}: a new primary master key; data keys re-wrapped; unused keys retired. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manages the vault's master keys.",
    subcommands = KeysCommand.Rotate.class)
final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Adds a master key and makes it primary, re-wraps every message's data key with it (message bodies are",
            "not re-encrypted), and retires the master keys no data key uses any more. Safe to run again after an",
            "interruption. Stop the server first when the vault is embedded (Derby)."})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        VaultOptions vault;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Vault opened = Vault.open(vault.config(), Clock.systemUTC())) {
                Vault.Rotation rotation = opened.rotateKeys("admin:" + System.getProperty("user.name"));
                out.println("New primary master key: " + rotation.newPrimary());
                out.println("Data keys re-wrapped: " + rotation.rewrapped());
                out.println("Master keys retired: " + (rotation.retired().isEmpty() ? "none" : String.join(", ", rotation.retired())));
                return 0;
            } catch (VaultException | IOException | IllegalArgumentException e) {
                err.println("keys rotate: " + e.getMessage());
                return 2;
            }
        }
    }
}
