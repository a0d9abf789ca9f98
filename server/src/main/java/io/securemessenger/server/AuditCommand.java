package io.securemessenger.server;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditLog;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./secure-messenger audit verify}: checks the audit trail's hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Works with the vault's audit trail.",
    subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recomputes the audit trail's hash chain. Exit status 0 when it is intact, 1 when a record was changed,",
            "removed or inserted (the first one is named), 2 when the vault cannot be read."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        VaultOptions vault;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Vault opened = Vault.open(vault.config(), Clock.systemUTC())) {
                AuditLog.Verification verification = opened.audit().verify();
                if (verification.intact()) {
                    out.println("Audit trail intact: " + verification.records() + " records.");
                    return 0;
                }
                out.println("Audit trail BROKEN at record " + verification.firstBroken().orElseThrow() + ": " + verification.reason()
                    + " (" + verification.records() + " records before it are intact).");
                return 1;
            } catch (VaultException | IOException | IllegalArgumentException e) {
                err.println("audit verify: " + e.getMessage());
                return 2;
            }
        }
    }
}
