package org.vsclab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service;

/** MLflow's per-request limits (mlflow.md §5): at most 1000 metrics, 100 params, 100 tags and 1 MB per log-batch. */
class RunDeliveryLimitsTest {

    private static List<Integer> sizes(List<? extends List<?>> chunks) {
        List<Integer> sizes = new ArrayList<>();
        chunks.forEach(c -> sizes.add(c.size()));
        return sizes;
    }

    @Test
    void countsAtTheBoundariesMakeOneOrTwoRequests() {
        assertThat(sizes(RunDelivery.chunks(Collections.nCopies(100, "p"), RunDelivery.MAX_PARAMS, s -> 10))).containsExactly(100);
        assertThat(sizes(RunDelivery.chunks(Collections.nCopies(101, "p"), RunDelivery.MAX_PARAMS, s -> 10))).containsExactly(100, 1);
        assertThat(sizes(RunDelivery.chunks(Collections.nCopies(1000, "m"), RunDelivery.MAX_METRICS, s -> 10))).containsExactly(1000);
        assertThat(sizes(RunDelivery.chunks(Collections.nCopies(1001, "m"), RunDelivery.MAX_METRICS, s -> 10)))
                .containsExactly(1000, 1);
        assertThat(RunDelivery.chunks(List.of(), RunDelivery.MAX_TAGS, s -> 10)).isEmpty();
    }

    @Test
    void requestsStayUnderOneMegabyteAndKeepTheOrder() {
        List<Service.Param> params = new ArrayList<>();
        for (int i = 0; i < 100; i++) {                 // 100 params of 6000 characters: 1.2 MB of JSON in one request
            params.add(Service.Param.newBuilder().setKey("p" + i).setValue(String.valueOf((char) ('a' + i % 26)).repeat(6000)).build());
        }
        List<List<Service.Param>> chunks = RunDelivery.chunks(params, RunDelivery.MAX_PARAMS, p -> p.getSerializedSize() * 2 + 32);
        assertThat(chunks).hasSizeGreaterThan(1);
        List<Service.Param> joined = new ArrayList<>();
        for (List<Service.Param> chunk : chunks) {
            String json = MlflowRest.json(Service.LogBatch.newBuilder().setRunId("0".repeat(32)).addAllParams(chunk));
            assertThat(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(1_000_000);
            joined.addAll(chunk);
        }
        assertThat(joined).isEqualTo(params);
    }
}
