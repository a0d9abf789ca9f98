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

    /** Who is signed in; empty for an officer who has not given their second factor yet. */
    Optional<String> principal() {
        return kind().filter(Sessions.OFFICER_PENDING::equals).isPresent() ? Optional.empty()
            : session.flatMap(SessionStore.Session::principal);
    }

    /** The officer whose password was right and whose second factor is still asked for. */
    Optional<String> pendingOfficer() {
        return kind().filter(Sessions.OFFICER_PENDING::equals).isPresent() ? session.flatMap(SessionStore.Session::principal)
            : Optional.empty();
    }

    /** Whether the signed-in person is one of the organisation's users (a sender; officers are too). */
    boolean isSender() {
        return kind().filter(k -> k.equals(Sessions.SENDER) || k.equals(Sessions.OFFICER)).isPresent();
    }

    /** Whether the signed-in person is a compliance officer who gave password and second factor. */
    boolean isOfficer() {
        return kind().filter(Sessions.OFFICER::equals).isPresent();
    }

    private Optional<String> kind() {
        return session.flatMap(SessionStore.Session::kind);
    }

    Optional<String> csrf() {
        return session.map(SessionStore.Session::csrf);
    }

    boolean timedOut() {
        return timedOut;
    }
}
