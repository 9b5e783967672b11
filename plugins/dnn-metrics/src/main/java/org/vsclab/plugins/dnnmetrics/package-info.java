/**
 * Metrics of the DNN studies (method.md §16.9–16.10): the test-set reconstruction error under its
 * correct and its reference definitions with an image grid ({@code reconstruction}), and Fréchet
 * distances of reconstructions ({@link org.vsclab.plugins.dnnmetrics.FrechetDistance}).
 */
package org.vsclab.plugins.dnnmetrics;
