package io.securemessenger.server;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SMTP client that sends bytes exactly as given (only line ends made CRLF and leading dots
 * doubled, as SMTP requires): javax.mail would repair a malformed message before sending it.
 */
final class RawSmtp {
    private RawSmtp() {
    }

    /** Something to do while the server waits for the end of DATA. */
    interface BeforeEndOfData {
        void run() throws Exception;
    }

    /** Sends {@code message}; returns the server's answer to the end of DATA (e.g. "250 ..."). */
    static String send(int port, String from, List<String> to, byte[] message) throws IOException {
        return send(port, from, to, message, () -> { });
    }

    /** The server's answer to {@code MAIL FROM} (e.g. "250 ..." or "451 ..."). */
    static String mailFrom(int port, String from) throws IOException {
        return session(port, (in, out) -> {
            out.write(("MAIL FROM:<" + from + ">\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(in);
        });
    }

    /** Sends {@code message}, doing {@code beforeEnd} just before the final dot. */
    static String send(int port, String from, List<String> to, byte[] message, BeforeEndOfData beforeEnd) throws IOException {
        return session(port, (in, out) -> {
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            for (String recipient : to) {
                command(out, in, "RCPT TO:<" + recipient + ">", "250");
            }
            command(out, in, "DATA", "354");
            out.write(dataOf(message));
            out.flush();
            try {
                beforeEnd.run();
            } catch (Exception e) {
                throw new IOException("Before the end of DATA: " + e.getMessage(), e);
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // One reply to the end of DATA; a second one would be read by QUIT, which then fails.
            return read(in);
        });
    }

    private interface Dialogue {
        String run(BufferedReader in, OutputStream out) throws IOException;
    }

    /** Greeting and EHLO, the dialogue, then QUIT; returns the dialogue's answer. */
    private static String session(int port, Dialogue dialogue) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO hostile.test", "250");
            String answer = dialogue.run(in, out);
            command(out, in, "QUIT", "221");
            return answer;
        }
    }

    private static byte[] dataOf(byte[] message) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(message.length + 1024);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                data.write('.');
            }
            if (b == '\n' && (i == 0 || message[i - 1] != '\r')) {
                data.write('\r');
            }
            data.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            data.write('\r');
            data.write('\n');
        }
        return data.toByteArray();
    }

    private static void command(OutputStream out, BufferedReader in, String line, String expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer = read(in);
        if (!answer.startsWith(expected)) {
            throw new IOException(line.split(" ")[0] + " answered " + answer + " (expected " + expected + ")");
        }
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String answer = read(in);
        if (!answer.startsWith(code)) {
            throw new IOException("Greeting was " + answer);
        }
    }

    /** The last line of a (possibly multi-line) reply. */
    private static String read(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("The server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
