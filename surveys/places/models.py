"""Neighbourhood outlines an organisation uploads (GeoJSON), drawn as the product's own maps."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from surveys.database.base import Base


class AreaShape(Base):
    """The outline of one named area; `geometry` is a GeoJSON Polygon or MultiPolygon (lon, lat)."""

    __tablename__ = "area_shape"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
    # [min_lon, min_lat, max_lon, max_lat]
    bbox: Mapped[list[float]] = mapped_column(JSON)
