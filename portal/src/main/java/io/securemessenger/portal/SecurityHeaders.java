package io.securemessenger.portal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;

/** The headers every portal response carries. */
final class SecurityHeaders {
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        + "base-uri 'none'";

    private SecurityHeaders() {
    }

    private static final Map<String, String> HEADERS = headers();

    static void apply(HttpServletResponse response) {
        HEADERS.forEach(response::setHeader);
    }

    /** For answers Jetty writes itself, before any servlet (requests it could not parse). */
    static void apply(HttpFields fields) {
        HEADERS.forEach(fields::put);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        return Collections.unmodifiableMap(headers);
    }
}
