package io.securemessenger.portal;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The portal's pages: Mustache templates in the jar ({@code io/securemessenger/portal/pages/}),
 * which escape every value for HTML; only the sanitized message body is inserted raw. Every page
 * shares the header (organisation, logo, sign-out) and footer.
 */
final class Pages {
    static final String NOT_FOUND_TITLE = "Page not found";
    static final String NOT_FOUND_TEXT = "There is nothing here, or it is not yours to see.";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm z", Locale.ENGLISH);
    // Templates and partials come from this jar's class loader: in a stock James, Mustache's own
    // loader (James') cannot see an extension jar's resources.
    private final DefaultMustacheFactory factory = new DefaultMustacheFactory(name -> {
        java.io.InputStream in = Pages.class.getResourceAsStream("pages/" + name);
        return in == null ? null : new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
    });
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
    private final PortalConfig config;
    private final String stylesheet;

    Pages(PortalConfig config) {
        this.config = config;
        this.stylesheet = render("portal.css", Map.of("colour", config.colour()));
        for (String page : List.of("notice", "sign-in", "register", "inbox", "message", "forgot", "reset", "sent", "sent-message",
            "officer-second-factor", "officer-enrol", "officer-recovery-codes", "officer-home", "officer-audit", "officer-messages", "officer-message", "officer-incidents", "officer-policy", "officer-reports", "officer-emergency", "portal.css")) {
            template(page);
        }
    }

    /** "UCSF Secure Messenger" as the seed names it; the default organisation is already "Secure Messenger". */
    static String siteName(String organisation) {
        return organisation.endsWith("Secure Messenger") ? organisation : organisation + " Secure Messenger";
    }

    /** A page's values, with what every page shows. */
    Map<String, Object> values(String title, Visit visit) {
        Map<String, Object> values = new HashMap<>();
        values.put("title", title);
        values.put("organisation", config.organisation());
        values.put("siteName", siteName(config.organisation()));
        values.put("hasLogo", config.logo().isPresent());
        values.put("signedIn", visit.principal().isPresent());
        values.put("principal", visit.principal().orElse(""));
        values.put("sender", visit.isSender());
        values.put("officer", visit.isOfficer());
        values.put("csrf", visit.csrf().orElse(""));
        return values;
    }

    /** The values of the notice page: a title, paragraphs and an optional link ({@code href}, {@code label}). */
    Map<String, Object> notice(String title, List<String> paragraphs, Optional<Map<String, String>> action, Visit visit) {
        Map<String, Object> values = values(title, visit);
        values.put("paragraphs", paragraphs);
        action.ifPresent(a -> values.put("action", a));
        return values;
    }

    /** A time as the pages write it: "Monday 23 November 2026 at 10:15 UTC". */
    String when(Instant instant) {
        return WHEN.format(instant.atZone(ZoneId.systemDefault()));
    }

    String render(String page, Map<String, Object> values) {
        StringWriter out = new StringWriter();
        template(page).execute(out, values);
        return out.toString();
    }

    /** The style sheet, rendered once: it depends only on the configured colour. */
    String stylesheet() {
        return stylesheet;
    }

    private Mustache template(String page) {
        return compiled.computeIfAbsent(page, name -> factory.compile(name + ".mustache"));
    }
}
