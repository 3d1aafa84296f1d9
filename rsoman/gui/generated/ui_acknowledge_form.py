# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'acknowledge_form.ui'
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
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QDateEdit, QFormLayout,
    QGridLayout, QLabel, QLineEdit, QRadioButton,
    QSizePolicy, QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)

class Ui_AcknowledgeFormBody(object):
    def setupUi(self, AcknowledgeFormBody):
        if not AcknowledgeFormBody.objectName():
            AcknowledgeFormBody.setObjectName(u"AcknowledgeFormBody")
        self.form = QFormLayout(AcknowledgeFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.warningHeading = QLabel(AcknowledgeFormBody)
        self.warningHeading.setObjectName(u"warningHeading")
        self.warningHeading.setTextFormat(Qt.TextFormat.RichText)
        self.warningHeading.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.warningHeading)

        self.warningExplanation = QLabel(AcknowledgeFormBody)
        self.warningExplanation.setObjectName(u"warningExplanation")
        self.warningExplanation.setTextFormat(Qt.TextFormat.PlainText)
        self.warningExplanation.setWordWrap(True)
        self.warningExplanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.form.setWidget(1, QFormLayout.ItemRole.SpanningRole, self.warningExplanation)

        self.warningStatus = HintLabel(AcknowledgeFormBody)
        self.warningStatus.setObjectName(u"warningStatus")
        self.warningStatus.setTextFormat(Qt.TextFormat.PlainText)

        self.form.setWidget(2, QFormLayout.ItemRole.SpanningRole, self.warningStatus)

        self.reasonLabel = QLabel(AcknowledgeFormBody)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonField = QWidget(AcknowledgeFormBody)
        self.reasonField.setObjectName(u"reasonField")
        self.reasonFieldLayout = QVBoxLayout(self.reasonField)
        self.reasonFieldLayout.setObjectName(u"reasonFieldLayout")
        self.reasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.reasonChoices = QWidget(self.reasonField)
        self.reasonChoices.setObjectName(u"reasonChoices")
        self.reasonGrid = QGridLayout(self.reasonChoices)
        self.reasonGrid.setObjectName(u"reasonGrid")
        self.reasonGrid.setContentsMargins(0, 0, 0, 0)
        self.choice_visit_booked = QRadioButton(self.reasonChoices)
        self.choice_visit_booked.setObjectName(u"choice_visit_booked")

        self.reasonGrid.addWidget(self.choice_visit_booked, 0, 0, 1, 1)

        self.choice_in_custody = QRadioButton(self.reasonChoices)
        self.choice_in_custody.setObjectName(u"choice_in_custody")

        self.reasonGrid.addWidget(self.choice_in_custody, 2, 0, 1, 1)

        self.choice_in_hospital = QRadioButton(self.reasonChoices)
        self.choice_in_hospital.setObjectName(u"choice_in_hospital")

        self.reasonGrid.addWidget(self.choice_in_hospital, 4, 0, 1, 1)

        self.choice_data_wrong = QRadioButton(self.reasonChoices)
        self.choice_data_wrong.setObjectName(u"choice_data_wrong")

        self.reasonGrid.addWidget(self.choice_data_wrong, 6, 0, 1, 1)

        self.choice_other = QRadioButton(self.reasonChoices)
        self.choice_other.setObjectName(u"choice_other")

        self.reasonGrid.addWidget(self.choice_other, 8, 0, 1, 1)

        self.visitDate = QDateEdit(self.reasonChoices)
        self.visitDate.setObjectName(u"visitDate")
        self.visitDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.visitDate.setCalendarPopup(True)

        self.reasonGrid.addWidget(self.visitDate, 0, 1, 1, 1)

        self.whatEdit = QLineEdit(self.reasonChoices)
        self.whatEdit.setObjectName(u"whatEdit")

        self.reasonGrid.addWidget(self.whatEdit, 6, 1, 1, 1)

        self.reasonGrid.setColumnStretch(1, 1)

        self.reasonFieldLayout.addWidget(self.reasonChoices)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.reasonField)

        self.detailsLabel = QLabel(AcknowledgeFormBody)
        self.detailsLabel.setObjectName(u"detailsLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.detailsLabel)

        self.detailsField = QWidget(AcknowledgeFormBody)
        self.detailsField.setObjectName(u"detailsField")
        self.detailsFieldLayout = QVBoxLayout(self.detailsField)
        self.detailsFieldLayout.setObjectName(u"detailsFieldLayout")
        self.detailsFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.detailsText = TextBox(self.detailsField)
        self.detailsText.setObjectName(u"detailsText")

        self.detailsFieldLayout.addWidget(self.detailsText)

        self.detailsHint = HintLabel(self.detailsField)
        self.detailsHint.setObjectName(u"detailsHint")

        self.detailsFieldLayout.addWidget(self.detailsHint)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.detailsField)

#if QT_CONFIG(shortcut)
        self.reasonLabel.setBuddy(self.choice_visit_booked)
        self.detailsLabel.setBuddy(self.detailsText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.choice_visit_booked, self.visitDate)
        QWidget.setTabOrder(self.visitDate, self.whatEdit)
        QWidget.setTabOrder(self.whatEdit, self.detailsText)

        self.retranslateUi(AcknowledgeFormBody)

        QMetaObject.connectSlotsByName(AcknowledgeFormBody)
    # setupUi

    def retranslateUi(self, AcknowledgeFormBody):
        self.warningHeading.setText(QCoreApplication.translate("AcknowledgeFormBody", u"Loading the warning\u2026", None))
        self.reasonLabel.setText(QCoreApplication.translate("AcknowledgeFormBody", u"&Reason", None))
        self.choice_visit_booked.setText(QCoreApplication.translate("AcknowledgeFormBody", u"&Visit booked for", None))
        self.choice_in_custody.setText(QCoreApplication.translate("AcknowledgeFormBody", u"In &custody", None))
        self.choice_in_hospital.setText(QCoreApplication.translate("AcknowledgeFormBody", u"In &hospital", None))
        self.choice_data_wrong.setText(QCoreApplication.translate("AcknowledgeFormBody", u"Data &wrong:", None))
        self.choice_other.setText(QCoreApplication.translate("AcknowledgeFormBody", u"&Other", None))
        self.visitDate.setDisplayFormat(QCoreApplication.translate("AcknowledgeFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.visitDate.setToolTip(QCoreApplication.translate("AcknowledgeFormBody", u"The date the visit is booked for (dd/mm/yyyy)", None))
#endif // QT_CONFIG(tooltip)
        self.whatEdit.setPlaceholderText(QCoreApplication.translate("AcknowledgeFormBody", u"what is wrong (e.g. the visit of 3 Mar is not recorded)", None))
        self.detailsLabel.setText(QCoreApplication.translate("AcknowledgeFormBody", u"&Details", None))
        self.detailsText.setPlaceholderText(QCoreApplication.translate("AcknowledgeFormBody", u"What was done, or why (kept with the warning)", None))
        self.detailsHint.setText(QCoreApplication.translate("AcknowledgeFormBody", u"Required when none of the reasons above fits (Other).", None))
        pass
    # retranslateUi

