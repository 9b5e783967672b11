package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;

class SupportAgreementTest {

    @Test
    void countsMissedAndExcessAgainstTheReference() {
        // 2 data × 4 latents. Method supports {0, 1} and {2}; FISTA's {0, 3} and {2, 3}.
        Matrix codes = new Matrix(2, 4, new double[] {1, 2, 0, 0, 0, 0, 3, 0});
        Matrix fista = new Matrix(2, 4, new double[] {0.5, 0, 0, 1, 0, 0, 3, -1});
        SupportAgreement a = SupportAgreement.compare(codes, fista);
        assertThat(a.active()).isCloseTo(3 / 8.0, within(1e-12));
        // missed: (0, 3), (1, 3) = 2; excess: (0, 1) = 1.
        assertThat(a.accuracy()).isCloseTo(1 - 3 / 8.0, within(1e-12));
        assertThat(a.captured()).isCloseTo(2 / 4.0, within(1e-12));
        assertThat(a.excess()).isCloseTo(1 / 8.0, within(1e-12));
        // ‖z − f‖₁: datum 1: 0.5 + 2 + 0 + 1 = 3.5; datum 2: 1.
        assertThat(a.l1Distance()).isCloseTo((3.5 + 1) / 2, within(1e-12));
    }

    @Test
    void identicalCodesAgreeCompletely() {
        Matrix codes = new Matrix(1, 3, new double[] {0, 1, -2});
        SupportAgreement a = SupportAgreement.compare(codes, codes);
        assertThat(a.accuracy()).isEqualTo(1);
        assertThat(a.captured()).isEqualTo(1);
        assertThat(a.excess()).isZero();
        assertThat(a.l1Distance()).isZero();
    }
}
