package io.securemessenger.portal;

import io.securemessenger.vault.session.SessionStore;
import java.util.Optional;

/** One request's session, if it has a live one, and whether an old one just timed out. */
final class Visit {
    private Optional<SessionStore.Session> session;
    private final boolean timedOut;

    Visit(Optional<SessionStore.Session> session, boolean timedOut) {
        this.session = session;
        this.timedOut = timedOut;
    }

    /** A visitor without a session (Jetty's own error pages). */
    static Visit anonymous() {
        return new Visit(Optional.empty(), false);
    }

    Optional<SessionStore.Session> session() {
        return session;
    }

    void replace(SessionStore.Session session) {
        this.session = Optional.of(session);
    }

    Optional<String> principal() {
        return session.flatMap(SessionStore.Session::principal);
    }

    /** Whether the signed-in person is one of the organisation's users (a sender). */
    boolean isSender() {
        return session.flatMap(SessionStore.Session::kind).filter(Sessions.SENDER::equals).isPresent();
    }

    Optional<String> csrf() {
        return session.map(SessionStore.Session::csrf);
    }

    boolean timedOut() {
        return timedOut;
    }
}
