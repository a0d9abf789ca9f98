package io.securemessenger.portal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * One person's browser at the HTTP level: keeps the session cookie as a browser would (it sends
 * it back only over HTTPS), does not follow redirects (tests look at them), and reads the CSRF
 * token of the last form it saw.
 */
public final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

    private final HttpClient client;
    private final String base;
    private Optional<String> cookie = Optional.empty();
    private String csrf = "";
    public HttpResponse<byte[]> last;

    public Browser(SSLContext tls, int port) {
        this.client = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = "https://localhost:" + port;
    }

    public HttpResponse<byte[]> get(String path) throws Exception {
        return exchange(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form with this browser's CSRF token (unless the fields name one). */
    public HttpResponse<byte[]> post(String path, String... fields) throws Exception {
        List<String> pairs = new ArrayList<>();
        boolean hasCsrf = false;
        for (int i = 0; i < fields.length; i += 2) {
            hasCsrf |= fields[i].equals("csrf");
            pairs.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        if (!hasCsrf) {
            pairs.add("csrf=" + csrf);
        }
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(pairs.stream().collect(Collectors.joining("&")))));
    }

    /** Posts a multipart form (with this browser's CSRF token): fields as name, value pairs, and files by name. */
    public HttpResponse<byte[]> postMultipart(String path, java.util.Map<String, byte[]> files, String... fields) throws Exception {
        String boundary = "----portal-test-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.util.List<String> all = new ArrayList<>(java.util.Arrays.asList(fields));
        all.add("csrf");
        all.add(csrf);
        for (int i = 0; i < all.size(); i += 2) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + all.get(i) + "\"\r\n\r\n" + all.get(i + 1) + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        }
        for (java.util.Map.Entry<String, byte[]> file : files.entrySet()) {
            String type = file.getKey().endsWith(".txt") ? "text/plain" : "application/octet-stream";
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"" + file.getKey()
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file.getValue());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpResponse<byte[]> exchange(HttpRequest.Builder request) throws Exception {
        cookie.ifPresent(c -> request.header("Cookie", Sessions.COOKIE + "=" + c));
        last = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String header : last.headers().allValues("Set-Cookie")) {
            if (header.startsWith(Sessions.COOKIE + "=")) {
                String value = header.substring(Sessions.COOKIE.length() + 1, header.indexOf(';'));
                cookie = value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        Matcher m = CSRF.matcher(text());
        if (m.find()) {
            csrf = m.group(1);
        }
        return last;
    }

    public String text() {
        return new String(last.body(), StandardCharsets.UTF_8);
    }

    public Optional<String> location() {
        return last.headers().firstValue("Location");
    }

    public Optional<String> cookie() {
        return cookie;
    }

    public void cookie(Optional<String> value) {
        cookie = value;
    }

    public String csrf() {
        return csrf;
    }
}
