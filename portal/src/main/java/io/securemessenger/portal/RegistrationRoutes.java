package io.securemessenger.portal;

import io.securemessenger.portal.account.PasswordHasher;
import io.securemessenger.portal.account.PasswordPolicy;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.session.SessionStore;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registration, which starts only from a VIEW MESSAGE link: the address is the one the message was
 * sent to, never typed, so nobody registers as somebody else.
 */
final class RegistrationRoutes implements Routes {
    private final Vault vault;
    private final Sessions sessions;
    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final Clock clock;

    RegistrationRoutes(Vault vault, Sessions sessions, Accounts accounts, PasswordHasher hasher, Clock clock) {
        this.vault = vault;
        this.sessions = sessions;
        this.accounts = accounts;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get("/register", this::register).post("/register", this::register);
    }

    private void register(Exchange exchange) throws IOException, VaultException {
        Visit visit = exchange.visit();
        Optional<Delivery> pending = visit.principal().isPresent() ? Optional.empty()
            : visit.session().flatMap(SessionStore.Session::pending).flatMap(this::findDelivery);
        if (pending.isEmpty()) {
            exchange.notice("Registration starts from your message", List.of("To register, open the VIEW MESSAGE link in the notice "
                + "you received by email. If you have registered already, sign in."), Optional.of(Map.of("href", "/sign-in", "label", "Sign in")));
            return;
        }
        String address = AccountStore.normalise(pending.get().recipient());
        if (accounts.active(address).isPresent()) {
            exchange.redirect("/sign-in?email=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
            return;
        }
        String first = exchange.field("first", 100);
        String last = exchange.field("last", 100);
        String hint = exchange.field("hint", 250);
        Optional<String> error = Optional.empty();
        if (exchange.isPost()) {
            String password = exchange.parameter("password");
            String confirm = exchange.parameter("confirm");
            if (first.isEmpty() || last.isEmpty()) {
                error = Optional.of("Enter your first name and your last name.");
            } else {
                error = PasswordPolicy.problem(password, confirm, address).or(() -> PasswordPolicy.hintProblem(hint, password));
            }
            if (error.isEmpty()) {
                Instant now = clock.instant();
                vault.accounts().create(new AccountStore.Account(address, first, last, hasher.hash(password.toCharArray()), hint.strip(), now, now));
                sessions.signIn(exchange, address, Sessions.RECIPIENT);
                vault.audit().append(AuditAction.SIGN_IN, address, "portal", "registered");
                SignInRoutes.afterSignIn(exchange);
                return;
            }
            exchange.status(400);
        }
        Map<String, Object> values = exchange.values("Register");
        values.put("email", address);
        values.put("sender", vault.records().sender(pending.get().messageId()).orElse("Someone"));
        values.put("first", first);
        values.put("last", last);
        values.put("hint", hint);
        values.put("minLength", PasswordPolicy.MIN_LENGTH);
        error.ifPresent(e -> values.put("error", e));
        exchange.render("register", values);
    }

    private Optional<Delivery> findDelivery(String id) {
        try {
            return vault.deliveries().find(id);
        } catch (VaultException e) {
            return Optional.empty();
        }
    }
}
