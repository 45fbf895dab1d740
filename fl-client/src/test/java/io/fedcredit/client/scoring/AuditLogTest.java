package io.fedcredit.client.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.serving.ScoreOutcome;
import io.fedcredit.core.serving.ScoreResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir
  Path dir;

  @Test
  void linesAreJsonWithExactTimesAndEscapedStrings() throws Exception {
    Map<String, Long> micros = new LinkedHashMap<>();
    micros.put("bank", 12L);
    micros.put("platform", 640L);
    micros.put("total", 700L);
    Instant[] times = {Instant.parse("2026-11-30T15:04:00Z"),
        Instant.parse("2026-11-30T15:04:05.000000007Z"), Instant.parse("2026-11-30T15:04:05.5Z")};
    String[] ids = {"E1", "weird \"id\"\n\\ with\tcontrol \u0001", "91330102179359063N"};
    try (AuditLog log = AuditLog.open(dir.resolve("a/audit.jsonl"))) {
      for (int i = 0; i < 3; i++) {
        ScoreOutcome o = i == 1 ? new ScoreOutcome.DataNodeUnavailable("platform", "UNAVAILABLE")
            : new ScoreOutcome.Scored(ScoreOutcome.Decision.DECLINE, 0.25, 512.5,
                List.of(new ScoreOutcome.ReasonCode("platform/x \"1\"", 7.5)));
        log.record(new ScoreResult(times[i], ids[i], "m/1", 3, o, micros));
      }
    }
    List<String> lines = Files.readAllLines(dir.resolve("a/audit.jsonl"));
    assertEquals(3, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 3; i++) {
      JsonNode n = json.readTree(lines.get(i));
      assertEquals(times[i], Instant.parse(n.get("time").asText()));
      assertEquals(ids[i], n.get("enterprise").asText());
      assertEquals(700, n.get("micros").get("total").asLong());
    }
    assertEquals("platform/x \"1\"", json.readTree(lines.get(0)).get("reasons").get(0).asText());
    assertEquals("DATA_NODE_UNAVAILABLE", json.readTree(lines.get(1)).get("outcome").asText());
    // appending, never truncating
    try (AuditLog again = AuditLog.open(dir.resolve("a/audit.jsonl"))) {
      again.record(new ScoreResult(times[0], "E2", "m/1", 3,
          new ScoreOutcome.EnterpriseUnknown("platform"), micros));
      again.close();
      assertThrows(FedCreditException.class, () -> again.record(new ScoreResult(times[0], "E3",
          "m/1", 3, new ScoreOutcome.EnterpriseUnknown("platform"), micros)));
    }
    assertEquals(4, Files.readAllLines(dir.resolve("a/audit.jsonl")).size());
  }
}
