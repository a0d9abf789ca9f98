package io.securemessenger.portal;

import io.securemessenger.portal.account.PasswordHasher;
import io.securemessenger.portal.account.PasswordPolicy;
import io.securemessenger.portal.message.MessageView;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.session.SessionStore;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the portal, deny by default: a page that shows or changes anything checks who is
 * signed in and that the delivery is theirs, and answers "not found" otherwise, whatever id is in
 * the URL. Every POST must carry the session's CSRF token. Every response carries the security
 * headers and {@code Cache-Control: no-store}.
 */
final class PortalServlet extends HttpServlet {
    static final String COOKIE = "__Host-sm-session";
    static final String RECIPIENT = "recipient";
    static final String SENDER = "sender";
    private static final Logger LOGGER = LoggerFactory.getLogger(PortalServlet.class);
    private static final Pattern LINK = Pattern.compile("/m/([A-Za-z0-9_-]{1,100})");
    private static final Pattern MESSAGE = Pattern.compile("/messages/([A-Za-z0-9_-]{1,64})");
    private static final Pattern RESET = Pattern.compile("/reset/([A-Za-z0-9_-]{1,100})");
    private static final Duration RESET_VALIDITY = Duration.ofHours(1);
    private static final Duration RESET_SPACING = Duration.ofMinutes(5);
    private static final Pattern SENT = Pattern.compile("/sent/([A-Za-z0-9_-]{1,64})");
    private static final Pattern RECALL = Pattern.compile("/sent/([A-Za-z0-9_-]{1,64})/recall");
    private static final Pattern REPLY = Pattern.compile("/messages/([A-Za-z0-9_-]{1,64})/reply");
    private static final Pattern ATTACHMENT = Pattern.compile("/messages/([A-Za-z0-9_-]{1,64})/attachments/([0-9a-f]{32})");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm z", Locale.ENGLISH);
    private static final String BAD_SIGN_IN = "The email address or password is not right. After several tries you have to wait a little "
        + "longer before each new try.";

    private final Vault vault;
    private final PortalConfig config;
    private final Receipts receipts;
    private final Replies replies;
    private final ResetMail resets;
    private final InternalDirectory directory;
    private final Clock clock;
    private final Pages pages;
    private final PasswordHasher hasher = new PasswordHasher();

    PortalServlet(Vault vault, PortalConfig config, Receipts receipts, Replies replies, ResetMail resets, InternalDirectory directory, Clock clock) {
        this.vault = vault;
        this.config = config;
        this.receipts = receipts;
        this.replies = replies;
        this.resets = resets;
        this.directory = directory;
        this.clock = clock;
        this.pages = new Pages(config);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        SecurityHeaders.apply(response);
        try {
            route(request, response);
        } catch (VaultException e) {
            LOGGER.warn("Portal request failed: {}", e.getMessage());
            response.setStatus(503);
            notice(response, new Visit(Optional.empty(), false), "Secure Messenger is not available",
                List.of("Your request could not be completed just now. Please try again in a few minutes."), Optional.empty());
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException, VaultException {
        String path = request.getRequestURI();
        String method = request.getMethod();
        // Static files need no session: answered before any database work.
        if (method.equals("GET") && path.equals("/static/portal.css")) {
            send(response, "text/css; charset=UTF-8", pages.stylesheet());
            return;
        }
        if (method.equals("GET") && path.equals("/static/logo") && config.logo().isPresent()) {
            String type = Files.probeContentType(config.logo().get());
            response.setContentType(type == null ? "image/png" : type);
            Files.copy(config.logo().get(), response.getOutputStream());
            return;
        }
        Visit visit = visit(request, response);
        if (method.equals("POST") && (request.getContentLengthLong() > config.maxReplyBytes() + 64 * 1024 || !formReadable(request))) {
            response.setStatus(413);
            notice(response, visit, "Too large to send", List.of("What you sent is larger than " + humanSize(config.maxReplyBytes())
                + ". Go back and send fewer or smaller attachments."), Optional.empty());
            return;
        }
        if (method.equals("POST") && !csrfOk(request, visit)) {
            response.setStatus(403);
            notice(response, visit, "This form has expired",
                List.of("For your safety, forms expire. Go back, reload the page and try again."), Optional.of(Map.of("href", "/", "label", "Start again")));
            return;
        }
        Matcher m;
        if (method.equals("GET") && path.equals("/")) {
            if (visit.isSender()) {
                sentItems(response, visit);
            } else {
                home(response, visit);
            }
        } else if (method.equals("GET") && path.equals("/sent")) {
            sentItems(response, visit);
        } else if (method.equals("GET") && (m = SENT.matcher(path)).matches()) {
            sentMessage(m.group(1), response, visit);
        } else if (method.equals("POST") && (m = RECALL.matcher(path)).matches()) {
            recall(m.group(1), request, response, visit);
        } else if (method.equals("GET") && (m = LINK.matcher(path)).matches()) {
            link(m.group(1), request, response, visit);
        } else if (path.equals("/sign-in")) {
            if (method.equals("POST")) {
                signIn(request, response, visit);
            } else {
                signInPage(request, response, visit, Optional.empty(), "");
            }
        } else if (path.equals("/register")) {
            register(request, response, visit, method.equals("POST"));
        } else if (path.equals("/forgot")) {
            forgot(request, response, visit, method.equals("POST"));
        } else if ((m = RESET.matcher(path)).matches()) {
            reset(m.group(1), request, response, visit, method.equals("POST"));
        } else if (method.equals("POST") && path.equals("/sign-out")) {
            signOut(response, visit);
        } else if (method.equals("POST") && (m = REPLY.matcher(path)).matches()) {
            reply(m.group(1), request, response, visit);
        } else if (method.equals("GET") && (m = ATTACHMENT.matcher(path)).matches()) {
            attachment(m.group(1), m.group(2), response, visit);
        } else if (method.equals("GET") && (m = MESSAGE.matcher(path)).matches()) {
            message(m.group(1), response, visit, request.getParameter("replied") != null, Optional.empty(), "");
        } else {
            notFound(response, visit);
        }
    }

    // ---- sessions ----

    private Visit visit(HttpServletRequest request, HttpServletResponse response) throws VaultException {
        Optional<SessionStore.Session> session = vault.sessions().find(cookie(request).orElse(null));
        if (session.isEmpty()) {
            return new Visit(Optional.empty(), cookie(request).isPresent());
        }
        Instant now = clock.instant();
        SessionStore.Session s = session.get();
        if (s.lastSeenAt().plus(config.idleTimeout()).isBefore(now) || s.createdAt().plus(config.sessionLifetime()).isBefore(now)) {
            vault.sessions().delete(s);
            clearCookie(response);
            return new Visit(Optional.empty(), s.principal().isPresent());
        }
        // Recorded at most once a minute: the idle limit is counted in minutes, and a write per request would cost more than it tells.
        if (s.lastSeenAt().plus(Duration.ofMinutes(1)).isBefore(now)) {
            vault.sessions().touch(s, now);
        }
        return new Visit(session, false);
    }

    /** The visit's session, creating an anonymous one (and its cookie) when it has none. */
    private SessionStore.Session session(Visit visit, HttpServletResponse response) throws VaultException {
        if (visit.session().isPresent()) {
            return visit.session().get();
        }
        SessionStore.Created created = vault.sessions().create(Optional.empty(), Optional.empty(), Optional.empty(), clock.instant());
        setCookie(response, created.id());
        visit.replace(created.session());
        return created.session();
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

    /** Reads the form; false when it is over the multipart limits (Jetty refuses to read it then). */
    private static boolean formReadable(HttpServletRequest request) {
        try {
            request.getParameter("csrf");
            return true;
        } catch (RuntimeException e) {
            // IllegalStateException or Jetty's BadMessageException: over the size limits.
            return false;
        }
    }

    private static boolean csrfOk(HttpServletRequest request, Visit visit) {
        String presented = request.getParameter("csrf");
        return presented != null && visit.csrf().isPresent()
            && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), visit.csrf().get().getBytes(StandardCharsets.US_ASCII));
    }

    /** Replaces the visit's session with a new, signed-in one (a new id at sign-in: no fixation). */
    private void startSession(String principal, Visit visit, HttpServletResponse response) throws VaultException {
        startSession(principal, RECIPIENT, visit, response);
    }

    private void startSession(String principal, String kind, Visit visit, HttpServletResponse response) throws VaultException {
        Optional<String> pending = visit.session().flatMap(SessionStore.Session::pending);
        if (visit.session().isPresent()) {
            vault.sessions().delete(visit.session().get());
        }
        SessionStore.Created created = vault.sessions().create(Optional.of(principal), Optional.of(kind), pending, clock.instant());
        setCookie(response, created.id());
        visit.replace(created.session());
    }

    // ---- routes ----

    private void home(HttpServletResponse response, Visit visit) throws IOException, VaultException {
        if (visit.principal().isEmpty()) {
            redirect(response, visit.timedOut() ? "/sign-in?timed-out" : "/sign-in");
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Delivery delivery : vault.deliveries().forRecipient(visit.principal().get())) {
            Map<String, Object> row = new java.util.HashMap<>();
            boolean readable = !delivery.reached(DeliveryStatus.EXPIRED) && !delivery.reached(DeliveryStatus.RECALLED);
            row.put("id", delivery.id());
            row.put("readable", readable);
            row.put("from", vault.messages().sender(delivery.messageId()).orElse("(unknown sender)"));
            row.put("subject", readable ? vault.summary(delivery.messageId()).map(MessageSummary::subject).orElse("(no subject)") : "(no longer available)");
            row.put("received", when(delivery.createdAt()));
            row.put("status", delivery.reached(DeliveryStatus.RECALLED) ? "Withdrawn by the sender"
                : delivery.reached(DeliveryStatus.EXPIRED) ? "Expired" : delivery.reached(DeliveryStatus.RETRIEVED) ? "Read" : "New");
            rows.add(row);
        }
        Map<String, Object> values = pages.values("Your secure messages", visit);
        values.put("messages", rows);
        values.put("empty", rows.isEmpty());
        send(response, "text/html; charset=UTF-8", pages.render("inbox", values));
    }

    private void link(String token, HttpServletRequest request, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        Optional<Delivery> delivery = vault.deliveries().findByToken(token);
        if (delivery.isEmpty()) {
            response.setStatus(404);
            notice(response, visit, "This link does not work", List.of("The link is not complete or not valid. Open the VIEW MESSAGE link "
                + "from the notice again, or sign in with your email address to see your messages."), Optional.of(Map.of("href", "/sign-in", "label", "Sign in")));
            return;
        }
        if (unavailable(delivery.get(), response, visit)) {
            return;
        }
        String recipient = AccountStore.normalise(delivery.get().recipient());
        if (visit.principal().isPresent()) {
            if (visit.principal().get().equals(recipient)) {
                redirect(response, "/messages/" + delivery.get().id());
            } else {
                notice(response, visit, "This message is for another address", List.of("You are signed in as " + visit.principal().get()
                    + ", but this message was sent to another address. Sign out, then open the link again."), Optional.empty());
            }
            return;
        }
        SessionStore.Session session = session(visit, response);
        vault.sessions().setPending(session, delivery.get().id());
        redirect(response, activeAccount(recipient).isPresent() ? "/sign-in?email=" + URLEncoder.encode(recipient, StandardCharsets.UTF_8) : "/register");
    }

    /** Shows why an expired or withdrawn delivery cannot be read; true when it did. */
    private boolean unavailable(Delivery delivery, HttpServletResponse response, Visit visit) throws IOException {
        if (delivery.reached(DeliveryStatus.RECALLED)) {
            response.setStatus(410);
            notice(response, visit, "This message was withdrawn", List.of("The sender has withdrawn this message. Contact them if you still need it."),
                Optional.empty());
            return true;
        }
        if (delivery.reached(DeliveryStatus.EXPIRED)) {
            response.setStatus(410);
            notice(response, visit, "This message has expired", List.of("Secure messages can be read for a limited time, and this one has "
                + "been deleted. Contact the sender if you still need it."), Optional.empty());
            return true;
        }
        return false;
    }

    /** The account of {@code address}, unless it has expired for inactivity (then it is removed). */
    private Optional<AccountStore.Account> activeAccount(String address) throws VaultException {
        Optional<AccountStore.Account> account = vault.accounts().find(address);
        if (account.isPresent() && config.accountInactivity().isPresent()
            && account.get().lastActiveAt().plus(config.accountInactivity().get()).isBefore(clock.instant())) {
            vault.accounts().delete(address);
            vault.audit().append(AuditAction.ADMIN, "portal", address, "account expired for inactivity");
            return Optional.empty();
        }
        return account;
    }

    private void signInPage(HttpServletRequest request, HttpServletResponse response, Visit visit, Optional<String> error, String email)
        throws IOException, VaultException {
        session(visit, response);
        Map<String, Object> values = pages.values("Sign in", visit);
        error.ifPresent(e -> values.put("error", e));
        String prefill = email.isEmpty() ? Optional.ofNullable(request.getParameter("email")).orElse("") : email;
        values.put("email", prefill);
        if (request.getParameter("timed-out") != null || visit.timedOut()) {
            values.put("info", "You were signed out after " + config.idleTimeout().toMinutes() + " minutes without activity. Sign in again to continue.");
        } else if (request.getParameter("signed-out") != null) {
            values.put("info", "You have signed out.");
        }
        send(response, "text/html; charset=UTF-8", pages.render("sign-in", values));
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        String email = Optional.ofNullable(request.getParameter("email")).orElse("").strip();
        char[] password = Optional.ofNullable(request.getParameter("password")).orElse("").toCharArray();
        String address = AccountStore.normalise(email);
        Instant now = clock.instant();
        if (address.isEmpty() || address.length() > 320 || vault.accounts().lockedUntil(address, now).isPresent()) {
            hasher.verifyDecoy(password);
            vault.audit().append(AuditAction.SIGN_IN_FAILURE, address.isEmpty() ? "(empty)" : address, "portal", "throttled");
            response.setStatus(401);
            signInPage(request, response, visit, Optional.of(BAD_SIGN_IN), email);
            return;
        }
        boolean internal = internal(address);
        Optional<AccountStore.Account> account = internal ? Optional.empty() : activeAccount(address);
        boolean ok = internal ? authenticateInternal(address, password)
            : account.isPresent() ? hasher.verify(password, account.get().passwordHash()) : decoy(password);
        if (!ok) {
            vault.accounts().recordFailure(address, now, PortalServlet::backoff);
            vault.audit().append(AuditAction.SIGN_IN_FAILURE, address, "portal", null);
            response.setStatus(401);
            signInPage(request, response, visit, Optional.of(BAD_SIGN_IN), email);
            return;
        }
        vault.accounts().clearFailures(address);
        if (internal) {
            startSession(address, SENDER, visit, response);
            vault.audit().append(AuditAction.SIGN_IN, address, "portal", "sender");
            redirect(response, "/sent");
            return;
        }
        vault.accounts().touch(address, now);
        startSession(address, visit, response);
        vault.audit().append(AuditAction.SIGN_IN, address, "portal", null);
        afterSignIn(response, visit);
    }

    private boolean internal(String address) {
        try {
            return directory.isInternal(address);
        } catch (Exception e) {
            LOGGER.warn("The users repository could not be asked about an address: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    private boolean authenticateInternal(String address, char[] password) {
        try {
            return directory.authenticate(address, password);
        } catch (Exception e) {
            LOGGER.warn("The users repository could not check a password: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    private boolean decoy(char[] password) {
        hasher.verifyDecoy(password);
        return false;
    }

    /** No wait for the first three failures, then 2, 4, 8 ... seconds, at most 15 minutes. */
    static Duration backoff(int failures) {
        return failures <= 3 ? Duration.ZERO : Duration.ofSeconds(Math.min(900, 1L << Math.min(failures - 3, 10)));
    }

    private void afterSignIn(HttpServletResponse response, Visit visit) throws IOException {
        Optional<String> pending = visit.session().flatMap(SessionStore.Session::pending);
        redirect(response, pending.map(id -> "/messages/" + id).orElse("/"));
    }

    private void register(HttpServletRequest request, HttpServletResponse response, Visit visit, boolean post) throws IOException, VaultException {
        Optional<Delivery> pending = visit.principal().isPresent() ? Optional.empty()
            : visit.session().flatMap(SessionStore.Session::pending).flatMap(this::findDelivery);
        if (pending.isEmpty()) {
            notice(response, visit, "Registration starts from your message", List.of("To register, open the VIEW MESSAGE link in the notice "
                + "you received by email. If you have registered already, sign in."), Optional.of(Map.of("href", "/sign-in", "label", "Sign in")));
            return;
        }
        String address = AccountStore.normalise(pending.get().recipient());
        if (activeAccount(address).isPresent()) {
            redirect(response, "/sign-in?email=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
            return;
        }
        String first = field(request, "first", 100);
        String last = field(request, "last", 100);
        String hint = field(request, "hint", 250);
        Optional<String> error = Optional.empty();
        if (post) {
            String password = Optional.ofNullable(request.getParameter("password")).orElse("");
            String confirm = Optional.ofNullable(request.getParameter("confirm")).orElse("");
            if (first.isEmpty() || last.isEmpty()) {
                error = Optional.of("Enter your first name and your last name.");
            } else {
                error = PasswordPolicy.problem(password, confirm, address).or(() -> PasswordPolicy.hintProblem(hint, password));
            }
            if (error.isEmpty()) {
                Instant now = clock.instant();
                vault.accounts().create(new AccountStore.Account(address, first, last, hasher.hash(password.toCharArray()), hint.strip(), now, now));
                startSession(address, visit, response);
                vault.audit().append(AuditAction.SIGN_IN, address, "portal", "registered");
                afterSignIn(response, visit);
                return;
            }
            response.setStatus(400);
        }
        Map<String, Object> values = pages.values("Register", visit);
        values.put("email", address);
        values.put("sender", vault.messages().sender(pending.get().messageId()).orElse("Someone"));
        values.put("first", first);
        values.put("last", last);
        values.put("hint", hint);
        values.put("minLength", PasswordPolicy.MIN_LENGTH);
        error.ifPresent(e -> values.put("error", e));
        send(response, "text/html; charset=UTF-8", pages.render("register", values));
    }

    private Optional<Delivery> findDelivery(String id) {
        try {
            return vault.deliveries().find(id);
        } catch (VaultException e) {
            return Optional.empty();
        }
    }

    private static String field(HttpServletRequest request, String name, int max) {
        String value = Optional.ofNullable(request.getParameter(name)).orElse("").strip();
        return value.length() > max ? value.substring(0, max) : value;
    }

    private void forgot(HttpServletRequest request, HttpServletResponse response, Visit visit, boolean post) throws IOException, VaultException {
        session(visit, response);
        Map<String, Object> values = pages.values("Forgotten password", visit);
        if (post) {
            String address = AccountStore.normalise(field(request, "email", 320));
            Instant now = clock.instant();
            Optional<AccountStore.Account> account = address.isEmpty() ? Optional.empty() : activeAccount(address);
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
        send(response, "text/html; charset=UTF-8", pages.render("forgot", values));
    }

    private void reset(String token, HttpServletRequest request, HttpServletResponse response, Visit visit, boolean post)
        throws IOException, VaultException {
        Instant now = clock.instant();
        Optional<String> address = vault.accounts().validReset(token, now);
        if (address.isEmpty()) {
            response.setStatus(410);
            notice(response, visit, "This link does not work any more", List.of("Links to choose a new password work once, for one hour. "
                + "Ask for a new one."), Optional.of(Map.of("href", "/forgot", "label", "Ask for a new link")));
            return;
        }
        session(visit, response);
        Optional<String> error = Optional.empty();
        if (post) {
            String password = Optional.ofNullable(request.getParameter("password")).orElse("");
            String confirm = Optional.ofNullable(request.getParameter("confirm")).orElse("");
            String hint = field(request, "hint", 250);
            error = PasswordPolicy.problem(password, confirm, address.get()).or(() -> PasswordPolicy.hintProblem(hint, password));
            if (error.isEmpty() && vault.accounts().useReset(token, now)) {
                vault.accounts().changePassword(address.get(), hasher.hash(password.toCharArray()), hint.strip());
                vault.accounts().clearFailures(address.get());
                vault.sessions().deleteAllOf(address.get());
                vault.audit().append(AuditAction.PASSWORD_RESET, address.get(), "portal", "password changed");
                startSession(address.get(), visit, response);
                redirect(response, "/");
                return;
            }
            response.setStatus(400);
        }
        Map<String, Object> values = pages.values("Choose a new password", visit);
        values.put("email", address.get());
        values.put("token", token);
        values.put("minLength", PasswordPolicy.MIN_LENGTH);
        error.ifPresent(e -> values.put("error", e));
        send(response, "text/html; charset=UTF-8", pages.render("reset", values));
    }

    // ---- senders ----

    /** The signed-in sender, or empty after answering (sign-in redirect, or not found for a recipient). */
    private Optional<String> sender(HttpServletResponse response, Visit visit) throws IOException {
        if (visit.principal().isEmpty()) {
            redirect(response, visit.timedOut() ? "/sign-in?timed-out" : "/sign-in");
            return Optional.empty();
        }
        if (!visit.isSender()) {
            notFound(response, visit);
            return Optional.empty();
        }
        return visit.principal();
    }

    private void sentItems(HttpServletResponse response, Visit visit) throws IOException, VaultException {
        Optional<String> sender = sender(response, visit);
        if (sender.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : vault.messages().sentBy(sender.get(), 200)) {
            Map<String, Object> row = new java.util.HashMap<>();
            row.put("id", id);
            row.put("subject", vault.summary(id).map(MessageSummary::subject).orElse("(no longer available)"));
            row.put("sent", vault.messages().sealedAt(id).map(this::when).orElse(""));
            row.put("recipients", recipientRows(id));
            rows.add(row);
        }
        Map<String, Object> values = pages.values("Sent Items", visit);
        values.put("messages", rows);
        values.put("empty", rows.isEmpty());
        send(response, "text/html; charset=UTF-8", pages.render("sent", values));
    }

    private List<Map<String, Object>> recipientRows(String messageId) throws VaultException {
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (Delivery delivery : vault.deliveries().forMessage(messageId)) {
            List<String> events = new ArrayList<>();
            for (Delivery.Event event : delivery.history()) {
                events.add(STATUS.get(event.status()) + " " + when(event.at()));
            }
            boolean open = !delivery.reached(DeliveryStatus.RECALLED) && !delivery.reached(DeliveryStatus.EXPIRED);
            Map<String, Object> row = new java.util.HashMap<>();
            row.put("messageId", messageId);
            row.put("deliveryId", delivery.id());
            row.put("recipient", delivery.recipient());
            row.put("events", events);
            row.put("recallable", open);
            recipients.add(row);
        }
        return recipients;
    }

    private static final Map<DeliveryStatus, String> STATUS = Map.of(DeliveryStatus.NOTIFIED, "Notified", DeliveryStatus.DELAYED,
        "Notification delayed", DeliveryStatus.UNDELIVERABLE, "Undeliverable", DeliveryStatus.RETRIEVED, "Retrieved", DeliveryStatus.REPLIED,
        "Replied", DeliveryStatus.RECALLED, "Recalled", DeliveryStatus.EXPIRED, "Expired");

    /** A message the signed-in sender sealed, or empty after answering not found. */
    private Optional<String> ownMessage(String messageId, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        Optional<String> sender = sender(response, visit);
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        boolean own = vault.messages().sender(messageId).map(AccountStore::normalise).equals(sender)
            && vault.messages().inReplyTo(messageId).isEmpty();
        if (!own) {
            notFound(response, visit);
            return Optional.empty();
        }
        return Optional.of(messageId);
    }

    private void sentMessage(String messageId, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        if (ownMessage(messageId, response, visit).isEmpty()) {
            return;
        }
        Map<String, Object> values = pages.values(vault.summary(messageId).map(MessageSummary::subject).orElse("Sent message"), visit);
        values.put("subject", vault.summary(messageId).map(MessageSummary::subject).orElse("(no longer available)"));
        values.put("id", messageId);
        values.put("sent", vault.messages().sealedAt(messageId).map(this::when).orElse(""));
        values.put("recipients", recipientRows(messageId));
        List<Map<String, Object>> thread = new ArrayList<>();
        for (String id : vault.messages().thread(messageId)) {
            if (id.equals(messageId) || vault.messages().partIds(id).isEmpty()) {
                continue;
            }
            thread.add(replyRow(id));
        }
        values.put("replies", thread);
        values.put("hasReplies", !thread.isEmpty());
        if (!vault.messages().partIds(messageId).isEmpty()) {
            MessageView view;
            try (InputStream in = vault.messages().open(messageId, "message", vault.keyRing())) {
                view = MessageView.read(messageId, in);
            }
            view.safeHtml().ifPresent(h -> values.put("html", h));
            view.text().ifPresent(t -> values.put("text", t));
        }
        vault.audit().append(AuditAction.VIEW, visit.principal().get(), messageId, "sent items");
        send(response, "text/html; charset=UTF-8", pages.render("sent-message", values));
    }

    private void recall(String messageId, HttpServletRequest request, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        if (ownMessage(messageId, response, visit).isEmpty()) {
            return;
        }
        Optional<String> one = Optional.ofNullable(request.getParameter("delivery")).filter(d -> !d.isBlank());
        Instant now = clock.instant();
        int recalled = 0;
        for (Delivery delivery : vault.deliveries().forMessage(messageId)) {
            if (one.isPresent() && !one.get().equals(delivery.id())) {
                continue;
            }
            if (!delivery.reached(DeliveryStatus.RECALLED) && !delivery.reached(DeliveryStatus.EXPIRED)) {
                vault.deliveries().record(delivery.id(), DeliveryStatus.RECALLED, now);
                vault.audit().append(AuditAction.RECALL, visit.principal().get(), delivery.id(), null);
                recalled++;
            }
        }
        if (one.isPresent() && recalled == 0 && vault.deliveries().forMessage(messageId).stream().noneMatch(d -> d.id().equals(one.get()))) {
            notFound(response, visit);
            return;
        }
        redirect(response, "/sent/" + messageId);
    }

    private void signOut(HttpServletResponse response, Visit visit) throws IOException, VaultException {
        if (visit.session().isPresent()) {
            vault.sessions().delete(visit.session().get());
            visit.principal().ifPresent(p -> auditQuietly(AuditAction.SIGN_OUT, p, "portal"));
        }
        clearCookie(response);
        redirect(response, "/sign-in?signed-out");
    }

    /** The delivery {@code id} if the signed-in recipient may read it; otherwise a not-found answer has been sent. */
    private Optional<Delivery> ownDelivery(String id, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        if (visit.principal().isEmpty()) {
            redirect(response, visit.timedOut() ? "/sign-in?timed-out" : "/sign-in");
            return Optional.empty();
        }
        Optional<Delivery> delivery = vault.deliveries().find(id)
            .filter(d -> !visit.isSender() && AccountStore.normalise(d.recipient()).equals(visit.principal().get()));
        if (delivery.isEmpty()) {
            notFound(response, visit);
            return Optional.empty();
        }
        if (unavailable(delivery.get(), response, visit)) {
            return Optional.empty();
        }
        return delivery;
    }

    private void message(String id, HttpServletResponse response, Visit visit, boolean replied, Optional<String> replyError, String draft)
        throws IOException, VaultException {
        Optional<Delivery> delivery = ownDelivery(id, response, visit);
        if (delivery.isEmpty()) {
            return;
        }
        MessageView view = read(delivery.get());
        Optional<MessageSummary> summary = vault.summary(delivery.get().messageId());
        Instant now = clock.instant();
        if (!delivery.get().reached(DeliveryStatus.RETRIEVED)) {
            vault.deliveries().record(delivery.get().id(), DeliveryStatus.RETRIEVED, now);
            try {
                receipts.retrieved(delivery.get(), now);
            } catch (Exception e) {
                LOGGER.warn("The retrieval receipt for delivery {} could not be sent: {}", delivery.get().id(), e.getClass().getSimpleName());
            }
        }
        vault.audit().append(AuditAction.VIEW, visit.principal().get(), delivery.get().id(), null);
        Map<String, Object> values = pages.values(summary.map(MessageSummary::subject).orElse("Secure message"), visit);
        values.put("subject", summary.map(MessageSummary::subject).orElse("(no subject)"));
        values.put("from", view.from());
        values.put("to", view.to());
        values.put("cc", view.cc().isEmpty() ? null : view.cc());
        values.put("sent", view.sent().map(d -> when(d.toInstant())).orElse("unknown"));
        values.put("expires", vault.messages().expiresAt(delivery.get().messageId()).map(this::when).orElse("unknown"));
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (MessageView.Attachment a : view.attachments()) {
            attachments.add(Map.of("deliveryId", delivery.get().id(), "id", a.id(), "name", a.name(), "size", humanSize(a.size())));
        }
        values.put("attachments", attachments);
        values.put("hasAttachments", !attachments.isEmpty());
        view.safeHtml().ifPresent(h -> values.put("html", h));
        view.text().ifPresent(t -> values.put("text", t));
        values.put("deliveryId", delivery.get().id());
        List<Map<String, Object>> own = ownReplies(delivery.get(), visit.principal().get());
        values.put("replies", own);
        values.put("hasReplies", !own.isEmpty());
        values.put("maxReply", humanSize(config.maxReplyBytes()));
        values.put("replied", replied);
        replyError.ifPresent(e -> values.put("replyError", e));
        values.put("draft", draft);
        send(response, "text/html; charset=UTF-8", pages.render("message", values));
    }

    /** The replies {@code principal} wrote in this message's thread, oldest first. */
    private List<Map<String, Object>> ownReplies(Delivery delivery, String principal) throws VaultException, IOException {
        List<Map<String, Object>> own = new ArrayList<>();
        for (String id : vault.messages().thread(delivery.messageId())) {
            if (id.equals(delivery.messageId()) || !vault.messages().sender(id).map(AccountStore::normalise).equals(Optional.of(principal))
                || vault.messages().partIds(id).isEmpty()) {
                continue;
            }
            own.add(replyRow(id));
        }
        return own;
    }

    /** A reply of a thread as its pages show it: from, to, when, text, attachment names. */
    private Map<String, Object> replyRow(String id) throws VaultException, IOException {
        MessageView reply;
        try (InputStream in = vault.messages().open(id, "message", vault.keyRing())) {
            reply = MessageView.read(id, in);
        }
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("from", reply.from());
        row.put("to", reply.to());
        row.put("sent", reply.sent().map(d -> when(d.toInstant())).orElse(""));
        row.put("text", reply.text().orElse(""));
        row.put("attachments", reply.attachments().stream().map(MessageView.Attachment::name).collect(java.util.stream.Collectors.joining(", ")));
        return row;
    }

    private void reply(String id, HttpServletRequest request, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        Optional<Delivery> delivery = ownDelivery(id, response, visit);
        if (delivery.isEmpty()) {
            return;
        }
        String principal = visit.principal().get();
        String text = Optional.ofNullable(request.getParameter("body")).orElse("").strip();
        boolean all = "reply-all".equals(request.getParameter("action"));
        List<ReplyBuilder.Upload> uploads;
        try {
            uploads = ReplyBuilder.uploads(request, config.maxReplyBytes());
        } catch (ReplyBuilder.TooLarge e) {
            response.setStatus(413);
            message(id, response, visit, false, Optional.of("The reply and its attachments are larger than " + humanSize(config.maxReplyBytes())
                + ". Send fewer or smaller attachments."), text);
            return;
        }
        if (text.isEmpty() && uploads.isEmpty()) {
            response.setStatus(400);
            message(id, response, visit, false, Optional.of("Write your reply before sending it."), text);
            return;
        }
        MessageView original = read(delivery.get());
        Optional<MessageSummary> summary = vault.summary(delivery.get().messageId());
        String subject = "Re: " + summary.map(MessageSummary::subject).orElse("your secure message");
        Optional<String> sender = vault.messages().sender(delivery.get().messageId());
        if (sender.isEmpty()) {
            message(id, response, visit, false, Optional.of("This message has no sender address to reply to."), text);
            return;
        }
        List<String> recipients = ReplyBuilder.recipients(sender.get(), original, principal, all);
        Instant now = clock.instant();
        Optional<AccountStore.Account> account = vault.accounts().find(principal);
        String name = account.map(a -> a.firstName() + " " + a.lastName()).orElse("");
        try {
            javax.mail.internet.MimeMessage reply = ReplyBuilder.build(principal, name, recipients, subject, text, uploads, original, now);
            String replyId = ReplyBuilder.opaqueId();
            java.io.ByteArrayOutputStream mime = new java.io.ByteArrayOutputStream();
            reply.writeTo(mime);
            MessageSummary replySummary = new MessageSummary(subject, now, recipients,
                uploads.stream().map(u -> new MessageSummary.Attachment(u.name(), u.content().length)).collect(java.util.stream.Collectors.toList()));
            vault.messages().sealReply(replyId, delivery.get().messageId(), principal, vault.keyRing(), now, now.plus(config.retention()),
                List.of(io.securemessenger.vault.store.SealedMessageStore.Part.of("message", new java.io.ByteArrayInputStream(mime.toByteArray())),
                    io.securemessenger.vault.store.SealedMessageStore.Part.of(MessageSummary.PART, replySummary.toStream())));
            vault.audit().append(AuditAction.REPLY, principal, delivery.get().id(), "reply=" + replyId + " recipients=" + recipients.size());
            replies.send(replyId, reply, principal, recipients);
            vault.deliveries().record(delivery.get().id(), DeliveryStatus.REPLIED, now);
        } catch (VaultException e) {
            throw e;
        } catch (Exception e) {
            LOGGER.warn("A reply to delivery {} could not be sent: {}", delivery.get().id(), e.getClass().getSimpleName());
            response.setStatus(500);
            message(id, response, visit, false, Optional.of("Your reply could not be sent just now. Please try again in a few minutes."), text);
            return;
        }
        redirect(response, "/messages/" + delivery.get().id() + "?replied");
    }

    private void attachment(String id, String attachmentId, HttpServletResponse response, Visit visit) throws IOException, VaultException {
        Optional<Delivery> delivery = ownDelivery(id, response, visit);
        if (delivery.isEmpty()) {
            return;
        }
        Optional<MessageView.Attachment> attachment = read(delivery.get()).attachment(attachmentId);
        if (attachment.isEmpty()) {
            notFound(response, visit);
            return;
        }
        vault.audit().append(AuditAction.DOWNLOAD, visit.principal().get(), delivery.get().id(), "attachment=" + attachmentId);
        response.setContentType("application/octet-stream");
        response.setHeader("Content-Disposition", contentDisposition(attachment.get().name()));
        response.setContentLengthLong(attachment.get().size());
        try (InputStream in = attachment.get().open(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /** {@code attachment; filename="ascii"; filename*=UTF-8''encoded}: a safe name for every browser, no path, no quotes. */
    static String contentDisposition(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "attachment";
        }
        String ascii = base.replaceAll("[^A-Za-z0-9._ -]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + URLEncoder.encode(base, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private MessageView read(Delivery delivery) throws VaultException, IOException {
        try (InputStream in = vault.messages().open(delivery.messageId(), "message", vault.keyRing())) {
            return MessageView.read(delivery.messageId(), in);
        }
    }

    // ---- responses ----

    private void notFound(HttpServletResponse response, Visit visit) throws IOException {
        response.setStatus(404);
        notice(response, visit, "Page not found", List.of("There is nothing here, or it is not yours to see."),
            Optional.of(Map.of("href", "/", "label", "Go to your messages")));
    }

    private void notice(HttpServletResponse response, Visit visit, String title, List<String> paragraphs, Optional<Map<String, String>> action)
        throws IOException {
        Map<String, Object> values = pages.values(title, visit);
        values.put("paragraphs", paragraphs);
        action.ifPresent(a -> values.put("action", a));
        send(response, "text/html; charset=UTF-8", pages.render("notice", values));
    }

    private static void send(HttpServletResponse response, String type, String body) throws IOException {
        response.setContentType(type);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
    }

    private String when(Instant instant) {
        return WHEN.format(instant.atZone(ZoneId.systemDefault()));
    }

    private void auditQuietly(AuditAction action, String actor, String subject) {
        try {
            vault.audit().append(action, actor, subject, null);
        } catch (VaultException e) {
            LOGGER.warn("Audit record could not be written: {}", e.getMessage());
        }
    }

    static String humanSize(long bytes) {
        return Sizes.human(bytes);
    }
}
