//! Memory-threshold calculator (in progress).
