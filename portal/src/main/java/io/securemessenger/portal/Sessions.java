package io.securemessenger.portal;

import io.securemessenger.vault.session.SessionStore;
import io.securemessenger.vault.store.VaultException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Portal sessions, in the vault so that every node behind a load balancer knows them: the
 * {@code __Host-} cookie (Secure, HttpOnly, SameSite=Strict), idle and absolute time-outs, a new
 * id at every sign-in (no fixation), and each session's CSRF token.
 */
final class Sessions {
    static final String COOKIE = "__Host-sm-session";
    static final String RECIPIENT = "recipient";
    static final String SENDER = "sender";
    /** A compliance officer who gave their password and still owes their second factor: signed in to nothing yet. */
    static final String OFFICER_PENDING = "officer-pending";
    /** A compliance officer signed in with password and second factor; also one of the organisation's senders. */
    static final String OFFICER = "officer";

    private final SessionStore store;
    private final PortalConfig config;
    private final Clock clock;

    Sessions(SessionStore store, PortalConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Who makes the request: their live session, or none (saying whether one just timed out). */
    Visit visit(HttpServletRequest request, HttpServletResponse response) throws VaultException {
        Optional<String> cookie = cookie(request);
        Optional<SessionStore.Session> session = store.find(cookie.orElse(null));
        if (session.isEmpty()) {
            return new Visit(Optional.empty(), cookie.isPresent());
        }
        Instant now = clock.instant();
        SessionStore.Session s = session.get();
        if (s.lastSeenAt().plus(config.idleTimeout()).isBefore(now) || s.createdAt().plus(config.sessionLifetime()).isBefore(now)) {
            store.delete(s);
            clearCookie(response);
            return new Visit(Optional.empty(), s.principal().isPresent());
        }
        // Recorded at most once a minute: the idle limit is counted in minutes, and a write per request would cost more than it tells.
        if (s.lastSeenAt().plus(Duration.ofMinutes(1)).isBefore(now)) {
            store.touch(s, now);
        }
        return new Visit(session, false);
    }

    /** The visit's session, creating an anonymous one (and its cookie) when it has none: forms need its CSRF token. */
    SessionStore.Session anonymous(Exchange exchange) throws VaultException {
        Visit visit = exchange.visit();
        if (visit.session().isPresent()) {
            return visit.session().get();
        }
        SessionStore.Created created = store.create(Optional.empty(), Optional.empty(), Optional.empty(), clock.instant());
        setCookie(exchange.response(), created.id());
        visit.replace(created.session());
        return created.session();
    }

    /** Replaces the visit's session with a new, signed-in one, keeping the message it was opened for. */
    void signIn(Exchange exchange, String principal, String kind) throws VaultException {
        Visit visit = exchange.visit();
        Optional<String> pending = visit.session().flatMap(SessionStore.Session::pending);
        if (visit.session().isPresent()) {
            store.delete(visit.session().get());
        }
        SessionStore.Created created = store.create(Optional.of(principal), Optional.of(kind), pending, clock.instant());
        setCookie(exchange.response(), created.id());
        visit.replace(created.session());
    }

    /** Remembers the delivery a link was opened for, to show it after sign-in or registration. */
    void rememberPending(Exchange exchange, String deliveryId) throws VaultException {
        store.setPending(anonymous(exchange), deliveryId);
    }

    void signOut(Exchange exchange) throws VaultException {
        if (exchange.visit().session().isPresent()) {
            store.delete(exchange.visit().session().get());
        }
        clearCookie(exchange.response());
    }

    void endAllOf(String principal) throws VaultException {
        store.deleteAllOf(principal);
    }

    /** Whether a form carries its session's CSRF token. */
    static boolean csrfOk(HttpServletRequest request, Visit visit) {
        String presented = request.getParameter("csrf");
        return presented != null && visit.csrf().isPresent()
            && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), visit.csrf().get().getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<String> cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private static void setCookie(HttpServletResponse response, String id) {
        // Servlet 3.1 cookies cannot say SameSite: the header is written whole.
        response.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    }

    private static void clearCookie(HttpServletResponse response) {
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    }
}
