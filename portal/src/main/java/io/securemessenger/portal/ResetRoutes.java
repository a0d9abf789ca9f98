package io.securemessenger.portal;

import io.securemessenger.portal.account.PasswordHasher;
import io.securemessenger.portal.account.PasswordPolicy;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forgotten password: the hint and a single-use link, valid for an hour, are mailed to the
 * registered address (never shown on a page), at most every five minutes; every address gets the
 * same answer.
 */
final class ResetRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(ResetRoutes.class);
    private static final Duration RESET_VALIDITY = Duration.ofHours(1);
    private static final Duration RESET_SPACING = Duration.ofMinutes(5);

    private final Vault vault;
    private final PortalConfig config;
    private final Sessions sessions;
    private final Accounts accounts;
    private final ResetMail resets;
    private final PasswordHasher hasher;
    private final Clock clock;

    ResetRoutes(Vault vault, PortalConfig config, Sessions sessions, Accounts accounts, ResetMail resets, PasswordHasher hasher, Clock clock) {
        this.vault = vault;
        this.config = config;
        this.sessions = sessions;
        this.accounts = accounts;
        this.resets = resets;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get("/forgot", this::forgot).post("/forgot", this::forgot)
            .get("/reset/([A-Za-z0-9_-]{1,100})", this::reset).post("/reset/([A-Za-z0-9_-]{1,100})", this::reset);
    }

    private void forgot(Exchange exchange) throws IOException, VaultException {
        sessions.anonymous(exchange);
        Map<String, Object> values = exchange.values("Forgotten password");
        if (exchange.isPost()) {
            String address = AccountStore.normalise(exchange.field("email", 320));
            Instant now = clock.instant();
            Optional<AccountStore.Account> account = address.isEmpty() ? Optional.empty() : accounts.active(address);
            boolean spaced = account.isPresent()
                && vault.accounts().lastResetRequest(address).map(last -> last.plus(RESET_SPACING).isBefore(now)).orElse(true);
            if (spaced) {
                Instant expires = now.plus(RESET_VALIDITY);
                String token = vault.accounts().createReset(address, now, expires);
                try {
                    resets.send(address, account.get().hint(), config.publicUrl() + "/reset/" + token, expires);
                    vault.audit().append(AuditAction.PASSWORD_RESET, address, "portal", "link mailed");
                } catch (Exception e) {
                    LOGGER.warn("A password reset mail could not be sent: {}", e.getClass().getSimpleName());
                }
            }
            // The same answer whether or not the address has an account, and whether or not a mail went.
            values.put("sent", true);
            values.put("email", address);
        }
        exchange.render("forgot", values);
    }

    private void reset(Exchange exchange) throws IOException, VaultException {
        String token = exchange.pathPart(1);
        Instant now = clock.instant();
        Optional<String> address = vault.accounts().validReset(token, now);
        if (address.isEmpty()) {
            exchange.status(410);
            exchange.notice("This link does not work any more", List.of("Links to choose a new password work once, for one hour. "
                + "Ask for a new one."), Optional.of(Map.of("href", "/forgot", "label", "Ask for a new link")));
            return;
        }
        sessions.anonymous(exchange);
        Optional<String> error = Optional.empty();
        if (exchange.isPost()) {
            String password = exchange.parameter("password");
            String confirm = exchange.parameter("confirm");
            String hint = exchange.field("hint", 250);
            error = PasswordPolicy.problem(password, confirm, address.get()).or(() -> PasswordPolicy.hintProblem(hint, password));
            if (error.isEmpty() && vault.accounts().useReset(token, now)) {
                vault.accounts().changePassword(address.get(), hasher.hash(password.toCharArray()), hint.strip());
                vault.accounts().clearFailures(address.get());
                sessions.endAllOf(address.get());
                vault.audit().append(AuditAction.PASSWORD_RESET, address.get(), "portal", "password changed");
                sessions.signIn(exchange, address.get(), Sessions.RECIPIENT);
                exchange.redirect("/");
                return;
            }
            exchange.status(400);
        }
        Map<String, Object> values = exchange.values("Choose a new password");
        values.put("email", address.get());
        values.put("token", token);
        values.put("minLength", PasswordPolicy.MIN_LENGTH);
        error.ifPresent(e -> values.put("error", e));
        exchange.render("reset", values);
    }
}
