package io.securemessenger.portal;

import io.securemessenger.vault.Sizes;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's one servlet: what every request goes through before its route. Every response
 * carries the security headers and {@code Cache-Control: no-store}; static files are answered
 * before any session look-up; a form over the size limits or without its session's CSRF token is
 * refused before any route sees it; the {@link Router} finds the route; whatever fails becomes the
 * portal's own error page, never a stack trace.
 */
final class PortalServlet extends HttpServlet {
    private static final Logger LOGGER = LoggerFactory.getLogger(PortalServlet.class);

    private final Router router;
    private final Sessions sessions;
    private final Pages pages;
    private final PortalConfig config;

    PortalServlet(Router router, Sessions sessions, Pages pages, PortalConfig config) {
        this.router = router;
        this.sessions = sessions;
        this.pages = pages;
        this.config = config;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        SecurityHeaders.apply(response);
        Exchange exchange = null;
        try {
            if (staticFile(request, response)) {
                return;
            }
            exchange = new Exchange(request, response, sessions.visit(request, response), pages);
            if (refused(exchange)) {
                return;
            }
            if (!router.dispatch(exchange)) {
                exchange.notFound();
            }
        } catch (VaultException e) {
            LOGGER.warn("Portal request failed: {}", e.getMessage());
            ErrorPages.write(response, pages, 503);
        } catch (BadMessageException e) {
            // A malformed query or form (e.g. a broken percent-escape): the client's fault, said plainly.
            ErrorPages.write(response, pages, 400);
        } catch (RuntimeException e) {
            LOGGER.warn("Portal request {} {} failed: {}", request.getMethod(), ErrorPages.pathForLog(request), e.getClass().getSimpleName());
            ErrorPages.write(response, pages, 500);
        }
    }

    private boolean staticFile(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        if (request.getRequestURI().equals("/static/portal.css")) {
            Exchange.send(response, "text/css; charset=UTF-8", pages.stylesheet());
            return true;
        }
        if (request.getRequestURI().equals("/static/logo") && config.logo().isPresent()) {
            String type = Files.probeContentType(config.logo().get());
            response.setContentType(type == null ? "image/png" : type);
            Files.copy(config.logo().get(), response.getOutputStream());
            return true;
        }
        return false;
    }

    /** Refuses a form that is too large or lacks its CSRF token; true when it did. */
    private boolean refused(Exchange exchange) throws IOException {
        if (!exchange.isPost()) {
            return false;
        }
        HttpServletRequest request = exchange.request();
        if (request.getContentLengthLong() > config.maxReplyBytes() + 64 * 1024 || !formReadable(request)) {
            exchange.status(413);
            exchange.notice("Too large to send", List.of("What you sent is larger than " + Sizes.human(config.maxReplyBytes())
                + ". Go back and send fewer or smaller attachments."), Optional.empty());
            return true;
        }
        if (!Sessions.csrfOk(request, exchange.visit())) {
            exchange.status(403);
            exchange.notice("This form has expired", List.of("For your safety, forms expire. Go back, reload the page and try again."),
                Optional.of(Map.of("href", "/", "label", "Start again")));
            return true;
        }
        return false;
    }

    /** Reads the form; false when it is over the multipart limits (Jetty refuses to read it then). */
    private static boolean formReadable(HttpServletRequest request) {
        try {
            request.getParameter("csrf");
            return true;
        } catch (IllegalStateException e) {
            return false;
        } catch (BadMessageException e) {
            // Jetty wraps the size refusal; anything else it refuses (a malformed form) is a bad request.
            if (e.getCause() instanceof IllegalStateException || e.getCode() == 413) {
                return false;
            }
            throw e;
        }
    }
}
