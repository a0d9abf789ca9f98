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

/**
 * {@code ./secure-messenger keys rotate}: a new primary master key, data keys re-wrapped.
 * {@code ./secure-messenger keys retire}: once every server uses the new key, old keys removed.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manages the vault's master keys.",
    subcommands = {KeysCommand.Rotate.class, KeysCommand.Retire.class})
final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Runs one key operation on the vault, printing what it did; exit status 2 when the vault cannot be opened. */
    abstract static class KeyOperation implements Callable<Integer> {
        @Mixin
        VaultOptions vault;

        @Spec
        CommandSpec spec;

        abstract String name();

        abstract Vault.KeyChange apply(Vault vault, String actor) throws VaultException;

        abstract void report(Vault.KeyChange change, PrintWriter out);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Vault opened = Vault.open(vault.config(), Clock.systemUTC())) {
                report(apply(opened, "admin:" + System.getProperty("user.name")), out);
                return 0;
            } catch (VaultException | IOException | IllegalArgumentException e) {
                err.println("keys " + name() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Adds a master key and makes it primary, and re-wraps every message's data key with it (message bodies",
            "are not re-encrypted). Old keys stay until 'keys retire'. Safe to run again after an interruption.",
            "Stop the server first when the vault is embedded (Derby)."})
    static final class Rotate extends KeyOperation {
        @Override
        String name() {
            return "rotate";
        }

        @Override
        Vault.KeyChange apply(Vault vault, String actor) throws VaultException {
            return vault.rotateKeys(actor);
        }

        @Override
        void report(Vault.KeyChange change, PrintWriter out) {
            out.println("New primary master key: " + change.primary());
            out.println("Data keys re-wrapped: " + change.rewrapped());
            out.println("Run 'keys retire' once every server uses the new key store.");
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
        description = {"Re-wraps with the primary key any data key still wrapped with an older one, then removes every",
            "master key no data key uses. Run it after 'keys rotate', once every server uses the new key store."})
    static final class Retire extends KeyOperation {
        @Override
        String name() {
            return "retire";
        }

        @Override
        Vault.KeyChange apply(Vault vault, String actor) throws VaultException {
            return vault.retireKeys(actor);
        }

        @Override
        void report(Vault.KeyChange change, PrintWriter out) {
            out.println("Primary master key: " + change.primary());
            out.println("Data keys re-wrapped: " + change.rewrapped());
            out.println("Master keys retired: " + (change.retired().isEmpty() ? "none" : String.join(", ", change.retired())));
        }
    }
}
