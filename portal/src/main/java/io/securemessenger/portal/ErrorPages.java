package io.securemessenger.portal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Every error the portal answers, its own and Jetty's (a malformed URI, a header too large...):
 * the portal's plain page with the security headers, a status and a sentence; never a stack trace,
 * never the request echoed back.
 */
final class ErrorPages extends ErrorHandler {
    private static final Map<Integer, String[]> TEXTS = Map.of(
        400, new String[] {"This request cannot be read", "The address or the form is not complete or not valid. Go back and try again."},
        404, new String[] {Pages.NOT_FOUND_TITLE, Pages.NOT_FOUND_TEXT},
        413, new String[] {"Too large to send", "What you sent is larger than the portal accepts."},
        414, new String[] {"This address is too long", "Go back and open the link again."},
        431, new String[] {"This request cannot be read", "Your browser sent more than the portal accepts. Close it and try again."},
        503, new String[] {"Secure Messenger is not available", "Your request could not be completed just now. Please try again in a few minutes."});
    private static final String[] OTHER = {"Something went wrong", "Your request could not be completed. Please try again in a few minutes."};

    private final Pages pages;

    ErrorPages(Pages pages) {
        this.pages = pages;
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        baseRequest.setHandled(true);
        write(response, pages, response.getStatus());
    }

    @Override
    public java.nio.ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields fields) {
        // The connection-level answer to a request Jetty could not parse: the same page, no reason echoed.
        fields.put("Content-Type", "text/html; charset=UTF-8");
        SecurityHeaders.apply(fields);
        return java.nio.ByteBuffer.wrap(page(pages, status).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Answers with the portal's error page for {@code status}, replacing anything not yet sent. */
    static void write(HttpServletResponse response, Pages pages, int status) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        SecurityHeaders.apply(response);
        Exchange.send(response, "text/html; charset=UTF-8", page(pages, status));
    }

    private static String page(Pages pages, int status) {
        String[] text = TEXTS.getOrDefault(status, OTHER);
        return pages.render("notice", pages.notice(text[0], List.of(text[1]), Optional.empty(), Visit.anonymous()));
    }

    /** The request's path for a log line: the route's shape only, ids and tokens left out. */
    static String pathForLog(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path == null ? "" : path.replaceAll("/[A-Za-z0-9_-]{16,}", "/…");
    }
}
