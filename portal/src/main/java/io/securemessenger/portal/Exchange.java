package io.securemessenger.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One request, who makes it ({@link Visit}) and its answer. The ways a route answers live here
 * once: a rendered page, a notice, "not found", a redirect.
 */
final class Exchange {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Visit visit;
    private final Pages pages;
    private List<String> pathParts = List.of();

    Exchange(HttpServletRequest request, HttpServletResponse response, Visit visit, Pages pages) {
        this.request = request;
        this.response = response;
        this.visit = visit;
        this.pages = pages;
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    Visit visit() {
        return visit;
    }

    boolean isPost() {
        return "POST".equals(request.getMethod());
    }

    void pathParts(List<String> parts) {
        this.pathParts = List.copyOf(parts);
    }

    /** The {@code index}th group (from 1) of the route's path. */
    String pathPart(int index) {
        return pathParts.get(index - 1);
    }

    /** A request parameter, or the empty string. */
    String parameter(String name) {
        return Optional.ofNullable(request.getParameter(name)).orElse("");
    }

    boolean hasParameter(String name) {
        return request.getParameter(name) != null;
    }

    /** A form field, stripped and cut to {@code max} characters. */
    String field(String name, int max) {
        String value = parameter(name).strip();
        return value.length() > max ? value.substring(0, max) : value;
    }

    /** The values every page shows, with {@code title}. */
    Map<String, Object> values(String title) {
        return pages.values(title, visit);
    }

    String when(java.time.Instant instant) {
        return pages.when(instant);
    }

    void status(int status) {
        response.setStatus(status);
    }

    void render(String page, Map<String, Object> values) throws IOException {
        send("text/html; charset=UTF-8", pages.render(page, values));
    }

    void send(String type, String body) throws IOException {
        send(response, type, body);
    }

    static void send(HttpServletResponse response, String type, String body) throws IOException {
        response.setContentType(type);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    void redirect(String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
    }

    /** Sends an anonymous visitor to sign in (saying so when their session just timed out). */
    void signInFirst() {
        redirect(visit.timedOut() ? "/sign-in?timed-out" : "/sign-in");
    }

    void notice(String title, List<String> paragraphs, Optional<Map<String, String>> action) throws IOException {
        render("notice", pages.notice(title, paragraphs, action, visit));
    }

    void notFound() throws IOException {
        response.setStatus(404);
        notice(Pages.NOT_FOUND_TITLE, List.of(Pages.NOT_FOUND_TEXT), Optional.of(Map.of("href", "/", "label", "Go to your messages")));
    }
}
