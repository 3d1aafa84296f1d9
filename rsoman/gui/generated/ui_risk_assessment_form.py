# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'risk_assessment_form.ui'
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
    QFormLayout, QGridLayout, QGroupBox, QLabel,
    QLineEdit, QSizePolicy, QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)
from rsoman.gui.forms.widgets import OptionalDateEdit

class Ui_RiskAssessmentFormBody(object):
    def setupUi(self, RiskAssessmentFormBody):
        if not RiskAssessmentFormBody.objectName():
            RiskAssessmentFormBody.setObjectName(u"RiskAssessmentFormBody")
        self.form = QFormLayout(RiskAssessmentFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.assessedOnLabel = QLabel(RiskAssessmentFormBody)
        self.assessedOnLabel.setObjectName(u"assessedOnLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.assessedOnLabel)

        self.assessedOnField = QWidget(RiskAssessmentFormBody)
        self.assessedOnField.setObjectName(u"assessedOnField")
        self.assessedOnFieldLayout = QVBoxLayout(self.assessedOnField)
        self.assessedOnFieldLayout.setObjectName(u"assessedOnFieldLayout")
        self.assessedOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.assessedOnDate = QDateEdit(self.assessedOnField)
        self.assessedOnDate.setObjectName(u"assessedOnDate")
        self.assessedOnDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.assessedOnDate.setCalendarPopup(True)

        self.assessedOnFieldLayout.addWidget(self.assessedOnDate)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.assessedOnField)

        self.assessorLabel = QLabel(RiskAssessmentFormBody)
        self.assessorLabel.setObjectName(u"assessorLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.assessorLabel)

        self.assessorField = QWidget(RiskAssessmentFormBody)
        self.assessorField.setObjectName(u"assessorField")
        self.assessorFieldLayout = QVBoxLayout(self.assessorField)
        self.assessorFieldLayout.setObjectName(u"assessorFieldLayout")
        self.assessorFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.assessorEdit = QLineEdit(self.assessorField)
        self.assessorEdit.setObjectName(u"assessorEdit")

        self.assessorFieldLayout.addWidget(self.assessorEdit)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.assessorField)

        self.levelLabel = QLabel(RiskAssessmentFormBody)
        self.levelLabel.setObjectName(u"levelLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.levelLabel)

        self.levelField = QWidget(RiskAssessmentFormBody)
        self.levelField.setObjectName(u"levelField")
        self.levelFieldLayout = QVBoxLayout(self.levelField)
        self.levelFieldLayout.setObjectName(u"levelFieldLayout")
        self.levelFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.levelCombo = QComboBox(self.levelField)
        self.levelCombo.setObjectName(u"levelCombo")

        self.levelFieldLayout.addWidget(self.levelCombo)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.levelField)

        self.staticToolLabel = QLabel(RiskAssessmentFormBody)
        self.staticToolLabel.setObjectName(u"staticToolLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.staticToolLabel)

        self.staticToolField = QWidget(RiskAssessmentFormBody)
        self.staticToolField.setObjectName(u"staticToolField")
        self.staticToolFieldLayout = QVBoxLayout(self.staticToolField)
        self.staticToolFieldLayout.setObjectName(u"staticToolFieldLayout")
        self.staticToolFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.staticToolCombo = QComboBox(self.staticToolField)
        self.staticToolCombo.setObjectName(u"staticToolCombo")

        self.staticToolFieldLayout.addWidget(self.staticToolCombo)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.staticToolField)

        self.staticResultLabel = QLabel(RiskAssessmentFormBody)
        self.staticResultLabel.setObjectName(u"staticResultLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.staticResultLabel)

        self.staticResultField = QWidget(RiskAssessmentFormBody)
        self.staticResultField.setObjectName(u"staticResultField")
        self.staticResultFieldLayout = QVBoxLayout(self.staticResultField)
        self.staticResultFieldLayout.setObjectName(u"staticResultFieldLayout")
        self.staticResultFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.staticResultCombo = QComboBox(self.staticResultField)
        self.staticResultCombo.setObjectName(u"staticResultCombo")
        self.staticResultCombo.setEditable(True)

        self.staticResultFieldLayout.addWidget(self.staticResultCombo)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.staticResultField)

        self.riskGroup = QGroupBox(RiskAssessmentFormBody)
        self.riskGroup.setObjectName(u"riskGroup")
        self.riskOuter = QVBoxLayout(self.riskGroup)
        self.riskOuter.setObjectName(u"riskOuter")
        self.riskNote = HintLabel(self.riskGroup)
        self.riskNote.setObjectName(u"riskNote")

        self.riskOuter.addWidget(self.riskNote)

        self.riskGrid = QGridLayout()
        self.riskGrid.setObjectName(u"riskGrid")
        self.riskGrid.setHorizontalSpacing(18)
        self.riskNoneHeader = QLabel(self.riskGroup)
        self.riskNoneHeader.setObjectName(u"riskNoneHeader")
        self.riskNoneHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.riskGrid.addWidget(self.riskNoneHeader, 0, 1, 1, 1)

        self.riskSomeHeader = QLabel(self.riskGroup)
        self.riskSomeHeader.setObjectName(u"riskSomeHeader")
        self.riskSomeHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.riskGrid.addWidget(self.riskSomeHeader, 0, 2, 1, 1)

        self.riskStrongHeader = QLabel(self.riskGroup)
        self.riskStrongHeader.setObjectName(u"riskStrongHeader")
        self.riskStrongHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.riskGrid.addWidget(self.riskStrongHeader, 0, 3, 1, 1)

        self.riskGrid.setColumnStretch(4, 1)

        self.riskOuter.addLayout(self.riskGrid)


        self.form.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.riskGroup)

        self.protectiveGroup = QGroupBox(RiskAssessmentFormBody)
        self.protectiveGroup.setObjectName(u"protectiveGroup")
        self.protectiveOuter = QVBoxLayout(self.protectiveGroup)
        self.protectiveOuter.setObjectName(u"protectiveOuter")
        self.protectiveNote = HintLabel(self.protectiveGroup)
        self.protectiveNote.setObjectName(u"protectiveNote")

        self.protectiveOuter.addWidget(self.protectiveNote)

        self.protectiveGrid = QGridLayout()
        self.protectiveGrid.setObjectName(u"protectiveGrid")
        self.protectiveGrid.setHorizontalSpacing(18)
        self.protectiveNoneHeader = QLabel(self.protectiveGroup)
        self.protectiveNoneHeader.setObjectName(u"protectiveNoneHeader")
        self.protectiveNoneHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.protectiveGrid.addWidget(self.protectiveNoneHeader, 0, 1, 1, 1)

        self.protectiveSomeHeader = QLabel(self.protectiveGroup)
        self.protectiveSomeHeader.setObjectName(u"protectiveSomeHeader")
        self.protectiveSomeHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.protectiveGrid.addWidget(self.protectiveSomeHeader, 0, 2, 1, 1)

        self.protectiveStrongHeader = QLabel(self.protectiveGroup)
        self.protectiveStrongHeader.setObjectName(u"protectiveStrongHeader")
        self.protectiveStrongHeader.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.protectiveGrid.addWidget(self.protectiveStrongHeader, 0, 3, 1, 1)

        self.protectiveGrid.setColumnStretch(4, 1)

        self.protectiveOuter.addLayout(self.protectiveGrid)


        self.form.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.protectiveGroup)

        self.nextReviewLabel = QLabel(RiskAssessmentFormBody)
        self.nextReviewLabel.setObjectName(u"nextReviewLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.nextReviewLabel)

        self.nextReviewField = QWidget(RiskAssessmentFormBody)
        self.nextReviewField.setObjectName(u"nextReviewField")
        self.nextReviewFieldLayout = QVBoxLayout(self.nextReviewField)
        self.nextReviewFieldLayout.setObjectName(u"nextReviewFieldLayout")
        self.nextReviewFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.nextReviewDate = OptionalDateEdit(self.nextReviewField)
        self.nextReviewDate.setObjectName(u"nextReviewDate")

        self.nextReviewFieldLayout.addWidget(self.nextReviewDate)

        self.reviewHint = HintLabel(self.nextReviewField)
        self.reviewHint.setObjectName(u"reviewHint")

        self.nextReviewFieldLayout.addWidget(self.reviewHint)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.nextReviewField)

        self.reasonLabel = QLabel(RiskAssessmentFormBody)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonField = QWidget(RiskAssessmentFormBody)
        self.reasonField.setObjectName(u"reasonField")
        self.reasonFieldLayout = QVBoxLayout(self.reasonField)
        self.reasonFieldLayout.setObjectName(u"reasonFieldLayout")
        self.reasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.reasonCombo = QComboBox(self.reasonField)
        self.reasonCombo.setObjectName(u"reasonCombo")
        self.reasonCombo.setEditable(True)

        self.reasonFieldLayout.addWidget(self.reasonCombo)


        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.reasonField)

        self.notesLabel = QLabel(RiskAssessmentFormBody)
        self.notesLabel.setObjectName(u"notesLabel")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notesField = QWidget(RiskAssessmentFormBody)
        self.notesField.setObjectName(u"notesField")
        self.notesFieldLayout = QVBoxLayout(self.notesField)
        self.notesFieldLayout.setObjectName(u"notesFieldLayout")
        self.notesFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.notesText = TextBox(self.notesField)
        self.notesText.setObjectName(u"notesText")

        self.notesFieldLayout.addWidget(self.notesText)


        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.notesField)

#if QT_CONFIG(shortcut)
        self.assessedOnLabel.setBuddy(self.assessedOnDate)
        self.assessorLabel.setBuddy(self.assessorEdit)
        self.levelLabel.setBuddy(self.levelCombo)
        self.staticToolLabel.setBuddy(self.staticToolCombo)
        self.staticResultLabel.setBuddy(self.staticResultCombo)
        self.nextReviewLabel.setBuddy(self.nextReviewDate)
        self.reasonLabel.setBuddy(self.reasonCombo)
        self.notesLabel.setBuddy(self.notesText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.assessedOnDate, self.assessorEdit)
        QWidget.setTabOrder(self.assessorEdit, self.levelCombo)
        QWidget.setTabOrder(self.levelCombo, self.staticToolCombo)
        QWidget.setTabOrder(self.staticToolCombo, self.staticResultCombo)
        QWidget.setTabOrder(self.staticResultCombo, self.nextReviewDate)
        QWidget.setTabOrder(self.nextReviewDate, self.reasonCombo)
        QWidget.setTabOrder(self.reasonCombo, self.notesText)

        self.retranslateUi(RiskAssessmentFormBody)

        QMetaObject.connectSlotsByName(RiskAssessmentFormBody)
    # setupUi

    def retranslateUi(self, RiskAssessmentFormBody):
        self.assessedOnLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Assessed &on", None))
        self.assessedOnDate.setDisplayFormat(QCoreApplication.translate("RiskAssessmentFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.assessedOnDate.setToolTip(QCoreApplication.translate("RiskAssessmentFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        self.assessorLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"&Assessor", None))
        self.assessorEdit.setPlaceholderText(QCoreApplication.translate("RiskAssessmentFormBody", u"warrant number of the assessing officer", None))
        self.levelLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Risk of serious &harm", None))
        self.staticToolLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"&Static tool", None))
        self.staticResultLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Static r&esult", None))
        self.riskGroup.setTitle(QCoreApplication.translate("RiskAssessmentFormBody", u"ARMS risk factors", None))
        self.riskNote.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Evidence of each dynamic risk factor.", None))
        self.riskNoneHeader.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"None", None))
        self.riskSomeHeader.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Some", None))
        self.riskStrongHeader.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Strong", None))
        self.protectiveGroup.setTitle(QCoreApplication.translate("RiskAssessmentFormBody", u"ARMS protective factors", None))
        self.protectiveNote.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Evidence of each protective factor.", None))
        self.protectiveNoneHeader.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"None", None))
        self.protectiveSomeHeader.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Some", None))
        self.protectiveStrongHeader.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Strong", None))
        self.nextReviewLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Next &review", None))
#if QT_CONFIG(tooltip)
        self.nextReviewDate.setToolTip(QCoreApplication.translate("RiskAssessmentFormBody", u"Type the date as dd/mm/yyyy; leave blank for the latest the policy allows", None))
#endif // QT_CONFIG(tooltip)
        self.reasonLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"Reason &for assessment", None))
        self.notesLabel.setText(QCoreApplication.translate("RiskAssessmentFormBody", u"&Notes", None))
        self.notesText.setPlaceholderText(QCoreApplication.translate("RiskAssessmentFormBody", u"what informed the level; priorities for the plan", None))
        pass
    # retranslateUi

