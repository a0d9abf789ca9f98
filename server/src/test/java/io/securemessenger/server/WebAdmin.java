package io.securemessenger.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** James' WebAdmin API as an administrator calls it, over HTTP on the WebAdmin port. */
final class WebAdmin {
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    WebAdmin(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String json) throws Exception {
        return http.send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patch(String path, String json) throws Exception {
        return http.send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many mails a repository (e.g. {@code var/mail/error}) holds; -1 if WebAdmin does not know it. */
    long repositorySize(String repository) throws Exception {
        return size(get("/mailRepositories/" + URLEncoder.encode(repository, StandardCharsets.UTF_8)).body());
    }

    /** How many mails wait in a queue (e.g. {@code outgoing-tls-retry}); -1 if WebAdmin does not know it. */
    long queueSize(String queue) throws Exception {
        return size(get("/mailQueues/" + queue).body());
    }

    private static long size(String json) {
        Matcher size = Pattern.compile("\"size\":(\\d+)").matcher(json);
        return size.find() ? Long.parseLong(size.group(1)) : -1;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }
}
