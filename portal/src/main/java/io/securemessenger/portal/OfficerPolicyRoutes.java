package io.securemessenger.portal;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.audit.AuditQuery;
import io.securemessenger.vault.audit.AuditRecord;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The policy in force on the officer's console: every setting the server started with, printable,
 * with the last certification (who, when, and whether it was for this very policy). Certifying
 * records the officer and the policy's fingerprint in the audit trail; a policy that changed since
 * the page was shown is not certified unseen.
 */
final class OfficerPolicyRoutes implements Routes {
    static final String POLICY = "/officer/policy";
    private static final String CERTIFIED = "sha256=";

    private final Vault vault;
    private final Access access;
    private final PolicyInForce policy;

    OfficerPolicyRoutes(Vault vault, Access access, PolicyInForce policy) {
        this.vault = vault;
        this.access = access;
        this.policy = policy;
    }

    @Override
    public void define(Router router) {
        router.get(POLICY, this::page)
            .post(POLICY + "/certify", this::certify);
    }

    private void page(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        vault.audit().append(AuditAction.POLICY_VIEW, officer.get(), null, CERTIFIED + policy.fingerprint());
        render(exchange, exchange.hasParameter("certified") ? Optional.of("You certified this policy. The audit trail records it.")
            : Optional.empty(), Optional.empty());
    }

    private void render(Exchange exchange, Optional<String> info, Optional<String> error) throws IOException, VaultException {
        Map<String, Object> values = exchange.values("The policy in force");
        values.put("sections", policy.sections().stream().map(section -> Map.of("title", section.title(), "settings",
            section.settings().stream().map(s -> Map.of("name", s.name(), "value", s.value(), "source", s.source())).collect(Collectors.toList())))
            .collect(Collectors.toList()));
        values.put("unknown", policy.isEmpty());
        values.put("fingerprint", policy.fingerprint());
        List<AuditRecord> last = vault.audit().search(AuditQuery.all().action(Optional.of(AuditAction.CERTIFY)), 1);
        if (!last.isEmpty()) {
            AuditRecord certification = last.get(0);
            values.put("certifiedBy", certification.actor());
            values.put("certifiedAt", exchange.when(certification.at()));
            values.put("certifiedThis", certification.detail().filter((CERTIFIED + policy.fingerprint())::equals).isPresent());
        }
        info.ifPresent(i -> values.put("info", i));
        error.ifPresent(e -> values.put("error", e));
        exchange.render("officer-policy", values);
    }

    private void certify(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        if (policy.isEmpty()) {
            exchange.status(409);
            render(exchange, Optional.empty(), Optional.of("The server did not give the console its policy: there is nothing to certify."));
            return;
        }
        if (!exchange.parameter("fingerprint").equals(policy.fingerprint())) {
            exchange.status(409);
            render(exchange, Optional.empty(), Optional.of("The policy is not the one you were shown (the server restarted with another "
                + "configuration): read it again before you certify it."));
            return;
        }
        vault.audit().append(AuditAction.CERTIFY, officer.get(), null, CERTIFIED + policy.fingerprint());
        exchange.redirect(POLICY + "?certified");
    }
}
