# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'visit_plan_form.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDateEdit,
    QFormLayout, QLabel, QSizePolicy, QSpinBox,
    QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)

class Ui_VisitPlanFormBody(object):
    def setupUi(self, VisitPlanFormBody):
        if not VisitPlanFormBody.objectName():
            VisitPlanFormBody.setObjectName(u"VisitPlanFormBody")
        self.form = QFormLayout(VisitPlanFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.offenderHeading = QLabel(VisitPlanFormBody)
        self.offenderHeading.setObjectName(u"offenderHeading")
        self.offenderHeading.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont()
        font.setBold(True)
        self.offenderHeading.setFont(font)
        self.offenderHeading.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.offenderHeading)

        self.decisionLabel = QLabel(VisitPlanFormBody)
        self.decisionLabel.setObjectName(u"decisionLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.decisionLabel)

        self.decisionField = QWidget(VisitPlanFormBody)
        self.decisionField.setObjectName(u"decisionField")
        self.decisionFieldLayout = QVBoxLayout(self.decisionField)
        self.decisionFieldLayout.setObjectName(u"decisionFieldLayout")
        self.decisionFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.decisionCombo = QComboBox(self.decisionField)
        self.decisionCombo.setObjectName(u"decisionCombo")

        self.decisionFieldLayout.addWidget(self.decisionCombo)

        self.decisionNote = HintLabel(self.decisionField)
        self.decisionNote.setObjectName(u"decisionNote")

        self.decisionFieldLayout.addWidget(self.decisionNote)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.decisionField)

        self.intervalLabel = QLabel(VisitPlanFormBody)
        self.intervalLabel.setObjectName(u"intervalLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.intervalLabel)

        self.intervalField = QWidget(VisitPlanFormBody)
        self.intervalField.setObjectName(u"intervalField")
        self.intervalFieldLayout = QVBoxLayout(self.intervalField)
        self.intervalFieldLayout.setObjectName(u"intervalFieldLayout")
        self.intervalFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.intervalSpin = QSpinBox(self.intervalField)
        self.intervalSpin.setObjectName(u"intervalSpin")

        self.intervalFieldLayout.addWidget(self.intervalSpin)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.intervalField)

        self.effectiveFromLabel = QLabel(VisitPlanFormBody)
        self.effectiveFromLabel.setObjectName(u"effectiveFromLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.effectiveFromLabel)

        self.effectiveFromField = QWidget(VisitPlanFormBody)
        self.effectiveFromField.setObjectName(u"effectiveFromField")
        self.effectiveFromFieldLayout = QVBoxLayout(self.effectiveFromField)
        self.effectiveFromFieldLayout.setObjectName(u"effectiveFromFieldLayout")
        self.effectiveFromFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.effectiveFromDate = QDateEdit(self.effectiveFromField)
        self.effectiveFromDate.setObjectName(u"effectiveFromDate")
        self.effectiveFromDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.effectiveFromDate.setCalendarPopup(True)

        self.effectiveFromFieldLayout.addWidget(self.effectiveFromDate)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.effectiveFromField)

        self.authoriserLabel = QLabel(VisitPlanFormBody)
        self.authoriserLabel.setObjectName(u"authoriserLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.authoriserLabel)

        self.authoriserField = QWidget(VisitPlanFormBody)
        self.authoriserField.setObjectName(u"authoriserField")
        self.authoriserFieldLayout = QVBoxLayout(self.authoriserField)
        self.authoriserFieldLayout.setObjectName(u"authoriserFieldLayout")
        self.authoriserFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.authoriserCombo = QComboBox(self.authoriserField)
        self.authoriserCombo.setObjectName(u"authoriserCombo")

        self.authoriserFieldLayout.addWidget(self.authoriserCombo)

        self.authoriserHint = HintLabel(self.authoriserField)
        self.authoriserHint.setObjectName(u"authoriserHint")

        self.authoriserFieldLayout.addWidget(self.authoriserHint)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.authoriserField)

        self.reasonLabel = QLabel(VisitPlanFormBody)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonField = QWidget(VisitPlanFormBody)
        self.reasonField.setObjectName(u"reasonField")
        self.reasonFieldLayout = QVBoxLayout(self.reasonField)
        self.reasonFieldLayout.setObjectName(u"reasonFieldLayout")
        self.reasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.reasonText = TextBox(self.reasonField)
        self.reasonText.setObjectName(u"reasonText")

        self.reasonFieldLayout.addWidget(self.reasonText)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.reasonField)

#if QT_CONFIG(shortcut)
        self.decisionLabel.setBuddy(self.decisionCombo)
        self.intervalLabel.setBuddy(self.intervalSpin)
        self.effectiveFromLabel.setBuddy(self.effectiveFromDate)
        self.authoriserLabel.setBuddy(self.authoriserCombo)
        self.reasonLabel.setBuddy(self.reasonText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.decisionCombo, self.intervalSpin)
        QWidget.setTabOrder(self.intervalSpin, self.effectiveFromDate)
        QWidget.setTabOrder(self.effectiveFromDate, self.authoriserCombo)
        QWidget.setTabOrder(self.authoriserCombo, self.reasonText)

        self.retranslateUi(VisitPlanFormBody)

        QMetaObject.connectSlotsByName(VisitPlanFormBody)
    # setupUi

    def retranslateUi(self, VisitPlanFormBody):
        self.decisionLabel.setText(QCoreApplication.translate("VisitPlanFormBody", u"&Decision", None))
        self.intervalLabel.setText(QCoreApplication.translate("VisitPlanFormBody", u"&Interval", None))
        self.intervalSpin.setSpecialValueText(QCoreApplication.translate("VisitPlanFormBody", u"\u2014", None))
        self.intervalSpin.setSuffix(QCoreApplication.translate("VisitPlanFormBody", u" days", None))
#if QT_CONFIG(tooltip)
        self.intervalSpin.setToolTip(QCoreApplication.translate("VisitPlanFormBody", u"Days between home visits, for an individual frequency", None))
#endif // QT_CONFIG(tooltip)
        self.effectiveFromLabel.setText(QCoreApplication.translate("VisitPlanFormBody", u"&Takes effect", None))
        self.effectiveFromDate.setDisplayFormat(QCoreApplication.translate("VisitPlanFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.effectiveFromDate.setToolTip(QCoreApplication.translate("VisitPlanFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        self.authoriserLabel.setText(QCoreApplication.translate("VisitPlanFormBody", u"&Authorised by", None))
        self.authoriserHint.setText(QCoreApplication.translate("VisitPlanFormBody", u"A supervisor (sergeant or above) of the borough or the central team.", None))
        self.reasonLabel.setText(QCoreApplication.translate("VisitPlanFormBody", u"&Reason", None))
        self.reasonText.setPlaceholderText(QCoreApplication.translate("VisitPlanFormBody", u"why this frequency, or why reactive management now\u2026", None))
        pass
    # retranslateUi

