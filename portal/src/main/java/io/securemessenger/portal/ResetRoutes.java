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
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forgotten password: the hint and a single-use link, valid for an hour, are mailed to the
 * registered address (never shown on a page), at most every five minutes; every address gets the
 * same answer, in the same time: the look-up and the mail happen after the answer, on a background
 * thread, so how long the page takes says nothing about whether the address has an account.
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
    private final Executor background;
    private final SignInThrottle throttle;

    ResetRoutes(Vault vault, PortalConfig config, Sessions sessions, Accounts accounts, ResetMail resets, PasswordHasher hasher, Clock clock,
                Executor background, SignInThrottle throttle) {
        this.vault = vault;
        this.config = config;
        this.sessions = sessions;
        this.accounts = accounts;
        this.resets = resets;
        this.hasher = hasher;
        this.clock = clock;
        this.background = background;
        this.throttle = throttle;
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
            if (!address.isEmpty()) {
                background.execute(() -> mailReset(address));
            }
            // The same answer whether or not the address has an account, and whether or not a mail goes.
            values.put("sent", true);
            values.put("email", address);
        }
        exchange.render("forgot", values);
    }

    /** Mails the hint and a new link to {@code address} if it has an account and was not sent one in the last five minutes. */
    private void mailReset(String address) {
        try {
            Instant now = clock.instant();
            Optional<AccountStore.Account> account = accounts.active(address);
            boolean spaced = account.isPresent()
                && vault.accounts().lastResetRequest(address).map(last -> last.plus(RESET_SPACING).isBefore(now)).orElse(true);
            if (!spaced) {
                return;
            }
            Instant expires = now.plus(RESET_VALIDITY);
            String token = vault.accounts().createReset(address, now, expires);
            resets.send(address, account.get().hint(), config.publicUrl() + "/reset/" + token, expires);
            vault.audit().append(AuditAction.PASSWORD_RESET, address, "portal", "link mailed");
        } catch (Exception e) {
            LOGGER.warn("A password reset mail could not be sent: {}", e.getClass().getSimpleName());
        }
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
                throttle.forgetAccount(address.get());
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
