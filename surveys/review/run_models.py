"""Stored results of analysing a survey's free-text answers, one set per run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, enum_column, utcnow
from surveys.database.job_status import JobStatus


class AnalysisRun(Base):
    """One execution of the analysis pipeline over a survey's answers."""

    __tablename__ = "analysis_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, 10), default=JobStatus.QUEUED)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    step: Mapped[str] = mapped_column(String(60), default="")
    seed: Mapped[int] = mapped_column(Integer, default=0)
    requested_k: Mapped[int | None] = mapped_column(Integer)
    k: Mapped[int | None] = mapped_column(Integer)
    k_reason: Mapped[str] = mapped_column(Text, default="")
    model_used: Mapped[str] = mapped_column(String(20), default="")
    learned_cv_macro_f1: Mapped[float | None] = mapped_column(Float)
    answer_count: Mapped[int] = mapped_column(Integer, default=0)
    theme_counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    clusters: Mapped[list[ClusterRecord]] = relationship(
        back_populates="run", order_by="ClusterRecord.size.desc()", cascade="all, delete-orphan"
    )

    @property
    def finished(self) -> bool:
        """Whether the run has stopped, successfully or not."""
        return self.status in {JobStatus.DONE, JobStatus.FAILED}


class ClusterRecord(Base):
    """A data-driven cluster of answers found by one run."""

    __tablename__ = "cluster_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(200), default="")
    top_terms: Mapped[list[str]] = mapped_column(default=list)
    size: Mapped[int] = mapped_column(Integer, default=0)
    share: Mapped[float] = mapped_column(Float, default=0.0)
    representatives: Mapped[list[str]] = mapped_column(default=list)
    suggested_theme: Mapped[str] = mapped_column(String(40), default="ovrigt")
    is_new_topic: Mapped[bool] = mapped_column(Boolean, default=False)

    run: Mapped[AnalysisRun] = relationship(back_populates="clusters")


class AnswerAnalysis(Base):
    """What one run concluded about one free-text answer."""

    __tablename__ = "answer_analysis"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="")
    non_answer: Mapped[bool] = mapped_column(Boolean, default=False)
    cluster: Mapped[int] = mapped_column(Integer, default=-1)
    theme: Mapped[str] = mapped_column(String(40), default="ovrigt")
    themes: Mapped[list[str]] = mapped_column(default=list)
