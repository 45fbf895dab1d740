/**
 * The launcher of the Java kernel that runs the example notebooks (rapaio-jupyter-kernel), with
 * the project's fixes for the kernel's start-up races. {@code bin/fl notebooks --setup} writes a
 * kernelspec that starts it; see {@code docs/NOTEBOOKS.md}.
 */
package io.fedcredit.notebook;
