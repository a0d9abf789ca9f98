package io.securemessenger.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, through Debian's ChromeDriver (no browser or driver is downloaded),
 * with what the tests need around it: screenshots kept as test output, and axe-core's WCAG 2.2
 * AA checks on the page shown.
 */
final class Chromium implements AutoCloseable {
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    final WebDriver driver;
    private final Path screenshots;
    private final String axe;
    private int shots;

    Chromium(Path profile, Path downloads) throws Exception {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver packages: run ./run-tests "
                + "(as root it installs them), or apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // This machine's network is closed: without these, Chromium keeps trying Google's hosts.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1280,1000", "--user-data-dir=" + profile);
        // The portal's certificate is the launcher's self-signed one; HTTPS itself is checked by the HTTP-level tests.
        options.setAcceptInsecureCerts(true);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        this.screenshots = Files.createDirectories(Path.of(System.getProperty("screenshots")));
        this.axe = Files.readString(Path.of(System.getProperty("axe.script")));
    }

    /** Keeps a screenshot of the page as test output, numbered in the order taken. */
    Path screenshot(String name) throws Exception {
        Path file = screenshots.resolve(String.format("%02d-%s.png", ++shots, name));
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** A screenshot, and no serious or critical accessibility problem on the page. */
    void check(String page) throws Exception {
        screenshot(page);
        List<String> problems = accessibilityProblems();
        if (!problems.isEmpty()) {
            throw new AssertionError("axe-core on the " + page + " page: " + problems);
        }
    }

    /** axe-core's serious and critical violations of WCAG 2.0, 2.1 and 2.2 A and AA on the current page. */
    @SuppressWarnings("unchecked")
    List<String> accessibilityProblems() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axe);
        List<String> violations = (List<String>) js.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
                + ".then(function (r) { done(r.violations.map(function (v) {"
                + "  return v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');"
                + "})); }, function (e) { done(['critical axe-error: ' + e]); });");
        return violations.stream().filter(v -> v.startsWith("serious") || v.startsWith("critical")).collect(Collectors.toList());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
