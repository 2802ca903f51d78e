"""Engine: sessions over compiled scenarios, turn results, reports and their renderings."""
