package io.securemessenger.dlp;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of scanning one message against one policy: the findings of the rules that
 * fired (rule, location, count, masked sample), and whether any of them was in the subject.
 */
public final class DlpReport {
    private final String policyName;
    private final List<Finding> findings;
    private final int unscannedParts;

    DlpReport(String policyName, List<Finding> findings, int unscannedParts) {
        this.policyName = policyName;
        this.findings = List.copyOf(findings);
        this.unscannedParts = unscannedParts;
    }

    public String policyName() {
        return policyName;
    }

    public boolean fired() {
        return !findings.isEmpty();
    }

    public List<Finding> findings() {
        return findings;
    }

    /** Rules that fired, in policy order. */
    public Set<String> firedRules() {
        return findings.stream().map(Finding::ruleId).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** Whether a firing rule matched in the subject, which must then not be shown to anyone. */
    public boolean subjectFlagged() {
        return findings.stream().anyMatch(f -> f.location().isSubject());
    }

    /** Attachments whose text could not be extracted (encrypted, corrupt, or too deeply nested). */
    public int unscannedParts() {
        return unscannedParts;
    }

}
