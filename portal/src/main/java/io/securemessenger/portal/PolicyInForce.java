package io.securemessenger.portal;

import io.securemessenger.vault.crypto.Digests;
import java.util.List;
import java.util.Objects;

/**
 * The security policy the server runs with, as read from its configuration when it started: the
 * routing (trigger words, domains), DLP policies and rules, TLS and fallback rules, retention, and
 * the portal's session and password settings. The officer's console prints it, and an officer
 * certifies it by its fingerprint (SHA-256 of its text), so that a certification names exactly the
 * policy it was made for.
 */
public final class PolicyInForce {
    private final List<Section> sections;

    private PolicyInForce(List<Section> sections) {
        this.sections = List.copyOf(sections);
    }

    public static PolicyInForce of(List<Section> sections) {
        return new PolicyInForce(sections);
    }

    /** The policy of a portal that was not given one (tests of other pages); the page says so. */
    public static PolicyInForce none() {
        return new PolicyInForce(List.of());
    }

    /** A part of the policy: a title and its settings. */
    public static final class Section {
        private final String title;
        private final List<Setting> settings;

        public Section(String title, List<Setting> settings) {
            this.title = Objects.requireNonNull(title);
            this.settings = List.copyOf(settings);
        }

        public String title() {
            return title;
        }

        public List<Setting> settings() {
            return settings;
        }
    }

    /** One setting: what it is, its value, and where it is set (a file and key, a flag). */
    public static final class Setting {
        private final String name;
        private final String value;
        private final String source;

        public Setting(String name, String value, String source) {
            this.name = Objects.requireNonNull(name);
            this.value = Objects.requireNonNull(value);
            this.source = Objects.requireNonNull(source);
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        public String source() {
            return source;
        }
    }

    public List<Section> sections() {
        return sections;
    }

    public boolean isEmpty() {
        return sections.isEmpty();
    }

    /** The policy as text, one setting a line under its section: what the fingerprint covers. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Section section : sections) {
            text.append("[").append(section.title).append("]\n");
            for (Setting setting : section.settings) {
                text.append(setting.name).append(" = ").append(setting.value).append("   (").append(setting.source).append(")\n");
            }
        }
        return text.toString();
    }

    /** SHA-256 of {@link #text()}, in hexadecimal. */
    public String fingerprint() {
        return Digests.sha256Hex(text());
    }
}
