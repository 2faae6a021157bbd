"""What each public page shows, worked out from the models for the views to hand over:
question columns, range plots, the route map, dose columns, the strength legend."""
