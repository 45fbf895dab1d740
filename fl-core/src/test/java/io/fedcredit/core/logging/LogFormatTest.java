package io.fedcredit.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.testing.ConsoleCapture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The console switched to one JSON object per line and back, with the MDC scopes. */
class LogFormatTest {
  private static final Logger LOG = LoggerFactory.getLogger(LogFormatTest.class);

  /** Lines the console appender wrote while {@code body} ran in {@code format}. */
  static List<String> captured(LogFormat format, Runnable body) throws Exception {
    return ConsoleCapture.run(format, () -> {
      body.run();
      return null;
    }).lines();
  }

  @Test
  void jsonLinesCarryTheMessageAndTheJobRoundAndParty() throws Exception {
    List<String> lines = captured(LogFormat.JSON, () -> {
      try (LogContext job = LogContext.of("sme-2026", "bank-a")) {
        LOG.info("joined with {} rows", 400);
        try (LogContext round = LogContext.round(3)) {
          LOG.warn("round \"{}\" slow", 3);
        }
        LOG.info("after the round");
      }
      LOG.info("outside");
    });
    assertEquals(4, lines.size(), String.join("\n", lines));
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertEquals("joined with 400 rows", first.get("formattedMessage").asText());
    assertEquals("INFO", first.get("level").asText());
    assertEquals("sme-2026", first.get("mdc").get("job").asText());
    assertEquals("bank-a", first.get("mdc").get("party").asText());
    assertFalse(first.has("arguments"), "raw arguments are left out: " + lines.get(0));
    assertFalse(first.has("message"), "the template is left out: " + lines.get(0));
    JsonNode second = json.readTree(lines.get(1));
    assertEquals("3", second.get("mdc").get("round").asText());
    assertEquals("round \"3\" slow", second.get("formattedMessage").asText());
    assertFalse(json.readTree(lines.get(2)).get("mdc").has("round"));
    assertTrue(json.readTree(lines.get(3)).get("mdc") == null
        || json.readTree(lines.get(3)).get("mdc").isEmpty(), lines.get(3));
    assertEquals(null, MDC.get(LogContext.JOB));
  }

  @Test
  void textIsTheDefaultAndComesBack() throws Exception {
    List<String> lines = captured(LogFormat.TEXT, () -> LOG.info("plain line"));
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).endsWith("plain line") && !lines.get(0).startsWith("{"), lines.get(0));
  }

  @Test
  void besideAProgressBarEveryTextLineFirstClearsTheTerminalLine() throws Exception {
    List<String> lines = ConsoleCapture.run(LogFormat.TEXT, () -> {
      LogFormat.TEXT.apply(true);
      LOG.info("under the bar");
      LogFormat.TEXT.apply();
      LOG.info("plain again");
      return null;
    }).lines();
    assertTrue(lines.get(0).startsWith("\r\u001B[K") && lines.get(0).endsWith("under the bar"),
        lines.get(0));
    assertTrue(!lines.get(1).contains("\u001B"), lines.get(1));
    // JSON lines are never prefixed: one JSON object per line
    assertTrue(ConsoleCapture.run(LogFormat.JSON, () -> {
      LogFormat.JSON.apply(true);
      LOG.info("json");
      return null;
    }).lines().get(0).startsWith("{"));
  }

  @Test
  void anUnknownFormatNamesWhereItCameFrom() {
    String m = assertThrows(FedCreditException.class,
        () -> LogFormat.parse("xml", "client.yaml: field 'log_format'")).getMessage();
    assertEquals("client.yaml: field 'log_format' is 'xml'; the log format is one of text, json",
        m);
    assertEquals(LogFormat.JSON, LogFormat.parse("JSON", "--log-format"));
  }
}
