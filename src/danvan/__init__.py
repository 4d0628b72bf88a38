"""Dân Vận Số — a platform for Vietnam's mass-mobilization work."""
