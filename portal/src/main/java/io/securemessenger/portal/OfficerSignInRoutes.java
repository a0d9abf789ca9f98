package io.securemessenger.portal;

import io.securemessenger.portal.officer.QrCode;
import io.securemessenger.portal.officer.RecoveryCodes;
import io.securemessenger.portal.officer.Totp;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.officer.OfficerFactors;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A compliance officer's second factor, asked after their directory password: a TOTP code (or one
 * of their recovery codes), each accepted once. At their first sign-in they enrol: a new secret is
 * shown once as a QR code and as text, and becomes theirs when they type its first code; their ten
 * recovery codes are shown then, once. Every enrolment, refusal and recovery code spent is audited.
 */
final class OfficerSignInRoutes implements Routes {
    static final String SECOND_FACTOR = "/officer/second-factor";
    static final String ENROL = "/officer/enrol";
    static final String WRONG_CODE = "That code is not right, or it was used already. Wait for the next code in your authenticator "
        + "app and type it. After several tries you have to wait a little longer before each new try.";

    private final Vault vault;
    private final PortalConfig config;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final Totp totp;
    private final RecoveryCodes recoveryCodes;
    private final Clock clock;

    OfficerSignInRoutes(Vault vault, PortalConfig config, Sessions sessions, SignInThrottle throttle, Totp totp, RecoveryCodes recoveryCodes,
                        Clock clock) {
        this.vault = vault;
        this.config = config;
        this.sessions = sessions;
        this.throttle = throttle;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get(SECOND_FACTOR, exchange -> secondFactorPage(exchange, Optional.empty()))
            .post(SECOND_FACTOR, this::secondFactor)
            .get(ENROL, this::enrolPage)
            .post(ENROL, this::enrol);
    }

    private void secondFactorPage(Exchange exchange, Optional<String> error) throws IOException, VaultException {
        Optional<String> officer = pending(exchange);
        if (officer.isEmpty()) {
            return;
        }
        if (!enrolled(officer.get())) {
            exchange.redirect(ENROL);
            return;
        }
        Map<String, Object> values = exchange.values("Second step of signing in");
        values.put("officer", officer.get());
        error.ifPresent(e -> values.put("error", e));
        exchange.render("officer-second-factor", values);
    }

    private void secondFactor(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = pending(exchange);
        if (officer.isEmpty()) {
            return;
        }
        String address = officer.get();
        Optional<OfficerFactors.Factor> factor = vault.officers().find(address).filter(OfficerFactors.Factor::confirmed);
        if (factor.isEmpty()) {
            exchange.redirect(ENROL);
            return;
        }
        Instant now = clock.instant();
        String source = exchange.request().getRemoteAddr();
        String throttled = throttleKey(address);
        if (throttle.refuses(throttled, source, now)) {
            vault.audit().append(AuditAction.SECOND_FACTOR_FAILURE, address, "portal", "throttled");
            refuse(exchange);
            return;
        }
        String recovery = exchange.field("recovery", 64);
        if (!recovery.isEmpty()) {
            if (!vault.officers().useRecoveryCode(address, RecoveryCodes.hash(recovery), now)) {
                failed(exchange, address, source, now, "wrong recovery code");
                return;
            }
            int left = vault.officers().recoveryCodesLeft(address);
            vault.audit().append(AuditAction.RECOVERY_CODE_USED, address, "portal", "left=" + left);
            signedIn(exchange, address, source);
            return;
        }
        OptionalLong step = totp.matchingStep(factor.get().secret(), exchange.field("code", 16), now);
        if (step.isEmpty()) {
            failed(exchange, address, source, now, "wrong code");
            return;
        }
        if (!vault.officers().useStep(address, step.getAsLong())) {
            failed(exchange, address, source, now, "code used before");
            return;
        }
        signedIn(exchange, address, source);
    }

    private void enrolPage(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = pending(exchange);
        if (officer.isEmpty()) {
            return;
        }
        if (enrolled(officer.get())) {
            // Enrolled already: a new secret only after an administrator resets the old one.
            exchange.redirect(SECOND_FACTOR);
            return;
        }
        // A new secret each time this page is shown: whatever was shown before stops working.
        byte[] secret = totp.newSecret();
        vault.officers().startEnrolment(officer.get(), secret, clock.instant());
        enrolForm(exchange, officer.get(), secret, Optional.empty());
    }

    private void enrolForm(Exchange exchange, String officer, byte[] secret, Optional<String> error) throws IOException {
        Map<String, Object> values = exchange.values("Set up your second factor");
        values.put("officer", officer);
        String issuer = Pages.siteName(config.organisation());
        values.put("qr", QrCode.svg(Totp.uri(issuer, officer, secret), 232, "QR code of your secret key for " + issuer));
        values.put("secret", Totp.readable(secret));
        error.ifPresent(e -> values.put("error", e));
        exchange.render("officer-enrol", values);
    }

    private void enrol(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = pending(exchange);
        if (officer.isEmpty()) {
            return;
        }
        String address = officer.get();
        Optional<OfficerFactors.Factor> factor = vault.officers().find(address);
        if (factor.isEmpty() || factor.get().confirmed()) {
            exchange.redirect(factor.isEmpty() ? ENROL : SECOND_FACTOR);
            return;
        }
        Instant now = clock.instant();
        String source = exchange.request().getRemoteAddr();
        if (throttle.refuses(throttleKey(address), source, now)) {
            vault.audit().append(AuditAction.SECOND_FACTOR_FAILURE, address, "portal", "throttled");
            exchange.status(401);
            enrolForm(exchange, address, factor.get().secret(), Optional.of(WRONG_CODE));
            return;
        }
        OptionalLong step = totp.matchingStep(factor.get().secret(), exchange.field("code", 16), now);
        List<String> codes = recoveryCodes.generate();
        if (step.isEmpty() || !vault.officers().confirm(address, step.getAsLong(), now,
            codes.stream().map(RecoveryCodes::hash).collect(Collectors.toList()))) {
            throttle.failed(throttleKey(address), source, now);
            vault.audit().append(AuditAction.SECOND_FACTOR_FAILURE, address, "portal", "wrong code at enrolment");
            exchange.status(401);
            enrolForm(exchange, address, factor.get().secret(), Optional.of(WRONG_CODE));
            return;
        }
        vault.audit().append(AuditAction.SECOND_FACTOR_ENROL, address, "portal", "totp, recovery-codes=" + codes.size());
        throttle.succeeded(throttleKey(address), source);
        sessions.signIn(exchange, address, Sessions.OFFICER);
        vault.audit().append(AuditAction.SIGN_IN, address, "portal", "officer");
        Map<String, Object> values = exchange.values("Your recovery codes");
        values.put("codes", codes);
        exchange.render("officer-recovery-codes", values);
    }

    private boolean enrolled(String officer) throws VaultException {
        return vault.officers().find(officer).map(OfficerFactors.Factor::confirmed).orElse(false);
    }

    /** The officer owing their second factor; otherwise the visitor has been sent where they belong. */
    private static Optional<String> pending(Exchange exchange) {
        Optional<String> officer = exchange.visit().pendingOfficer();
        if (officer.isEmpty()) {
            exchange.redirect(exchange.visit().isOfficer() ? OfficerRoutes.HOME : "/sign-in");
        }
        return officer;
    }

    private void signedIn(Exchange exchange, String address, String source) throws VaultException {
        throttle.succeeded(throttleKey(address), source);
        sessions.signIn(exchange, address, Sessions.OFFICER);
        vault.audit().append(AuditAction.SIGN_IN, address, "portal", "officer");
        exchange.redirect(OfficerRoutes.HOME);
    }

    private void failed(Exchange exchange, String address, String source, Instant now, String why) throws IOException, VaultException {
        throttle.failed(throttleKey(address), source, now);
        vault.audit().append(AuditAction.SECOND_FACTOR_FAILURE, address, "portal", why);
        refuse(exchange);
    }

    private void refuse(Exchange exchange) throws IOException, VaultException {
        exchange.status(401);
        secondFactorPage(exchange, Optional.of(WRONG_CODE));
    }

    /** The second factor's tries are counted apart from the password's. */
    private static String throttleKey(String address) {
        return "2fa:" + address;
    }
}
