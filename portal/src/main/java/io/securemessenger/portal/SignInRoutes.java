package io.securemessenger.portal;

import io.securemessenger.portal.account.PasswordHasher;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.session.SessionStore;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out: recipients with their portal password, the organisation's senders with their
 * directory password (never stored here). Wrong password, unknown address and a throttled try get
 * the same answer, after the same work.
 */
final class SignInRoutes implements Routes {
    static final String BAD_SIGN_IN = "The email address or password is not right. After several tries you have to wait a little "
        + "longer before each new try.";
    static final String DIRECTORY_DOWN = "Signing in with your organisation's network password is not possible right now: the "
        + "organisation's directory cannot be reached. Please try again in a few minutes. Nothing you sent is affected.";
    private static final Logger LOGGER = LoggerFactory.getLogger(SignInRoutes.class);

    private final Vault vault;
    private final PortalConfig config;
    private final Sessions sessions;
    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final InternalDirectory directory;
    private final PasswordHasher hasher;
    private final Clock clock;

    SignInRoutes(Vault vault, PortalConfig config, Sessions sessions, Accounts accounts, SignInThrottle throttle, InternalDirectory directory,
                 PasswordHasher hasher, Clock clock) {
        this.vault = vault;
        this.config = config;
        this.sessions = sessions;
        this.accounts = accounts;
        this.throttle = throttle;
        this.directory = directory;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get("/sign-in", exchange -> page(exchange, Optional.empty(), ""))
            .post("/sign-in", this::signIn)
            .post("/sign-out", this::signOut);
    }

    /** The sign-in form, with an error and the address typed, when there are. */
    void page(Exchange exchange, Optional<String> error, String email) throws IOException, VaultException {
        sessions.anonymous(exchange);
        Map<String, Object> values = exchange.values("Sign in");
        error.ifPresent(e -> values.put("error", e));
        values.put("email", email.isEmpty() ? exchange.parameter("email") : email);
        if (exchange.hasParameter("timed-out") || exchange.visit().timedOut()) {
            values.put("info", "You were signed out after " + config.idleTimeout().toMinutes() + " minutes without activity. Sign in again to continue.");
        } else if (exchange.hasParameter("signed-out")) {
            values.put("info", "You have signed out.");
        }
        exchange.render("sign-in", values);
    }

    private void signIn(Exchange exchange) throws IOException, VaultException {
        String email = exchange.parameter("email").strip();
        char[] password = exchange.parameter("password").toCharArray();
        String address = AccountStore.normalise(email);
        String source = exchange.request().getRemoteAddr();
        Instant now = clock.instant();
        // RFC 5321 paths are at most 256 characters: a longer "address" is nobody's.
        if (address.isEmpty() || address.length() > 254 || throttle.refuses(address, source, now)) {
            hasher.verifyDecoy(password);
            vault.audit().append(AuditAction.SIGN_IN_FAILURE, address.isEmpty() ? "(empty)" : address, "portal", "throttled");
            refuse(exchange, email);
            return;
        }
        Optional<Boolean> asked = internal(address);
        boolean internal = asked.orElse(false);
        Optional<AccountStore.Account> account = internal ? Optional.empty() : accounts.active(address);
        Optional<Boolean> verified = internal ? authenticateInternal(address, password)
            : Optional.of(account.isPresent() ? hasher.verify(password, account.get().passwordHash()) : decoy(password));
        if (verified.isEmpty() || (asked.isEmpty() && !verified.get())) {
            // The directory cannot be asked: recipients (whose accounts are here) still sign in; anyone
            // else gets the same page, whether or not an account exists.
            vault.audit().append(AuditAction.SIGN_IN_FAILURE, address, "portal", "directory unavailable");
            exchange.status(503);
            page(exchange, Optional.of(DIRECTORY_DOWN), email);
            return;
        }
        boolean ok = verified.get();
        if (!ok) {
            throttle.failed(address, source, now);
            vault.audit().append(AuditAction.SIGN_IN_FAILURE, address, "portal", null);
            refuse(exchange, email);
            return;
        }
        throttle.succeeded(address, source);
        if (internal && (config.isOfficer(address) || officerInDirectory(address))) {
            // Nothing is open to an officer before their second factor: the console spans every sender.
            sessions.signIn(exchange, address, Sessions.OFFICER_PENDING);
            exchange.redirect(OfficerSignInRoutes.SECOND_FACTOR);
            return;
        }
        if (internal) {
            sessions.signIn(exchange, address, Sessions.SENDER);
            vault.audit().append(AuditAction.SIGN_IN, address, "portal", "sender");
            exchange.redirect("/sent");
            return;
        }
        vault.accounts().touch(address, now);
        sessions.signIn(exchange, address, Sessions.RECIPIENT);
        vault.audit().append(AuditAction.SIGN_IN, address, "portal", null);
        afterSignIn(exchange);
    }

    private void refuse(Exchange exchange, String email) throws IOException, VaultException {
        exchange.status(401);
        page(exchange, Optional.of(BAD_SIGN_IN), email);
    }

    private void signOut(Exchange exchange) throws VaultException {
        Optional<String> principal = exchange.visit().principal();
        sessions.signOut(exchange);
        principal.ifPresent(p -> {
            try {
                vault.audit().append(AuditAction.SIGN_OUT, p, "portal", null);
            } catch (VaultException e) {
                LOGGER.warn("Audit record could not be written: {}", e.getMessage());
            }
        });
        exchange.redirect("/sign-in?signed-out");
    }

    /** To the message the link was opened for, or the inbox. */
    static void afterSignIn(Exchange exchange) {
        Optional<String> pending = exchange.visit().session().flatMap(SessionStore.Session::pending);
        exchange.redirect(pending.map(id -> "/messages/" + id).orElse("/"));
    }

    /** Whether the address is one of the organisation's; empty when the directory cannot be asked. */
    private Optional<Boolean> internal(String address) {
        try {
            return Optional.of(directory.isInternal(address));
        } catch (Exception e) {
            LOGGER.warn("The users repository could not be asked about an address: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Whether the directory's officers' group holds the address; no when it cannot be asked (the person signs in as a sender). */
    private boolean officerInDirectory(String address) {
        try {
            return directory.isOfficer(address);
        } catch (Exception e) {
            LOGGER.warn("The directory's officers' group could not be read: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    /** Whether the directory accepts the password; empty when it cannot be asked. */
    private Optional<Boolean> authenticateInternal(String address, char[] password) {
        try {
            return Optional.of(directory.authenticate(address, password));
        } catch (Exception e) {
            LOGGER.warn("The users repository could not check a password: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private boolean decoy(char[] password) {
        hasher.verifyDecoy(password);
        return false;
    }
}
